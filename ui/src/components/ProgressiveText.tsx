import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatCount, formatSize } from '../format.js';

/** Characters per rendered block: each block is laid out on its own, one per frame. */
const CHUNK = 64 * 1024;
/** Shown before "Show all": enough to read, small enough to lay out in a blink. */
export const INITIAL_LIMIT = 1024 * 1024;

/** Block boundaries: at a newline near each CHUNK mark when there is one, so lines are not split. */
function chunkEnds(text: string, limit: number): number[] {
  const ends: number[] = [];
  const stop = Math.min(text.length, limit);
  let pos = 0;
  while (pos < stop) {
    let end = Math.min(stop, pos + CHUNK);
    if (end < stop) {
      const nl = text.lastIndexOf('\n', end);
      if (nl > pos + CHUNK / 2) end = nl + 1;
    }
    ends.push(end);
    pos = end;
  }
  return ends;
}

export interface ProgressiveTextProps {
  text: string;
  wrap: boolean;
  kind: string;
  mode: string;
  /** Class for the <pre>-like container. */
  className?: string;
}

/**
 * A large text rendered progressively: the first block at once, one more block per animation frame,
 * up to INITIAL_LIMIT characters (then "Show all"). Every block is text; nothing is parsed as markup.
 * The container's textContent is exactly the text shown, and `data-complete` says when all is there.
 */
export function ProgressiveText({ text, wrap, kind, mode, className }: ProgressiveTextProps) {
  const [limit, setLimit] = useState(INITIAL_LIMIT);
  const ends = useMemo(() => chunkEnds(text, limit), [text, limit]);
  const [shown, setShown] = useState(1);

  useEffect(() => setShown(1), [text]);
  useEffect(() => {
    if (shown >= ends.length) return;
    const id = requestAnimationFrame(() => setShown((n) => n + 1));
    return () => cancelAnimationFrame(id);
  }, [shown, ends]);

  const blocks: preact.JSX.Element[] = [];
  let start = 0;
  for (let i = 0; i < Math.min(shown, ends.length); i++) {
    const end = ends[i]!;
    blocks.push(
      <div key={i} class="text-block">
        {text.slice(start, end)}
      </div>,
    );
    start = end;
  }
  const complete = shown >= ends.length;
  const hidden = text.length - Math.min(text.length, limit);
  return (
    <>
      <div
        class={`code ${wrap ? 'wrap' : 'nowrap'} ${className ?? ''}`}
        data-testid="body-view"
        data-kind={kind}
        data-mode={mode}
        data-complete={complete ? 'true' : 'false'}
        tabIndex={0}
      >
        {blocks}
      </div>
      {hidden > 0 && complete ? (
        <p class="muted">
          {formatCount(hidden)} more characters ({formatSize(hidden)}) not shown.{' '}
          <button type="button" class="link" data-testid="show-all" onClick={() => setLimit(Infinity)}>
            Show all
          </button>
        </p>
      ) : null}
    </>
  );
}
