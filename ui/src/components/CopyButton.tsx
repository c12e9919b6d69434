import { useEffect, useState } from 'preact/hooks';
import { copyText } from '../clipboard.js';

/** A small button that copies `text` (or what `text()` returns) and says so for a moment. */
export function CopyButton({ text, label = 'Copy', testId, title }: { text: string | (() => string); label?: string; testId?: string; title?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      class="copy"
      data-testid={testId}
      data-state={state}
      title={title}
      onClick={async (e) => {
        e.stopPropagation();
        const ok = await copyText(typeof text === 'function' ? text() : text);
        setState(ok ? 'copied' : 'failed');
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
