import { useEffect, useRef, useState } from 'preact/hooks';

/** Keep in step with `.hex-line` in styles.css. */
const LINE_HEIGHT = 18;
const VISIBLE_MAX = 24;
const OVERSCAN = 20;
/** Past this many lines (16 MB) the browser's maximum element height is near: the rest is cut. */
const MAX_LINES = 1_000_000;

/** `offset  hex bytes (16 per line, split in 8s)  |ascii|` for the line starting at `off`. */
export function hexLine(bytes: Uint8Array, off: number): string {
  let hex = '';
  let ascii = '';
  for (let k = 0; k < 16; k++) {
    if (k === 8) hex += ' ';
    if (off + k < bytes.length) {
      const b = bytes[off + k]!;
      hex += (b < 16 ? '0' : '') + b.toString(16) + ' ';
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    } else {
      hex += '   ';
    }
  }
  return `${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`;
}

/**
 * A hex dump of any size: lines are computed from the bytes only for the rows in view (a 25 MB body is
 * 1.6 million lines; building them all as one string would freeze the page).
 */
export function HexView({ bytes, kind }: { bytes: Uint8Array; kind: string }) {
  const total = Math.min(Math.ceil(bytes.length / 16), MAX_LINES);
  const ref = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let raf = 0;
    const onScroll = () => {
      if (!raf)
        raf = requestAnimationFrame(() => {
          raf = 0;
          setTop(el.scrollTop);
        });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      if (raf) cancelAnimationFrame(raf);
    };
  }, []);

  const height = Math.min(total, VISIBLE_MAX) * LINE_HEIGHT;
  const first = Math.max(0, Math.floor(top / LINE_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((top + height) / LINE_HEIGHT) + OVERSCAN);
  const lines: preact.JSX.Element[] = [];
  for (let i = first; i < last; i++) {
    lines.push(
      <div key={i} class="hex-line">
        {hexLine(bytes, i * 16)}
      </div>,
    );
  }
  return (
    <>
      <div
        class="code hex-view"
        ref={ref}
        tabIndex={0}
        style={{ height: `${height + 2}px` }}
        data-testid="body-view"
        data-kind={kind}
        data-mode="hex"
        data-complete="true"
      >
        <div class="hex-inner" style={{ height: `${total * LINE_HEIGHT}px` }}>
          <div class="hex-window" style={{ transform: `translateY(${first * LINE_HEIGHT}px)` }}>
            {lines}
          </div>
        </div>
      </div>
      {total === MAX_LINES && bytes.length > MAX_LINES * 16 ? (
        <p class="muted">The hex view stops at 16 MB; download the body for the rest.</p>
      ) : null}
    </>
  );
}
