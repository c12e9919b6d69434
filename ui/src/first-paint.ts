/**
 * "The first rows are on screen": resolves when the browser reports the top row painted (Element
 * Timing), or a frame after the first render where it cannot (browsers without Element Timing, an empty
 * list), and at the latest after MAX_WAIT_MS.
 *
 * Why wait for it: the first frame is rasterized on other threads after the main thread has painted it,
 * and on a small machine those threads share the cores with whatever the page does next. Work the first
 * screen does not need — the next page of rows, the live socket, the tunnel poll, the detail pane's
 * code — starts once the rows are visible instead of delaying them.
 */
export const FIRST_ROW_TIMING = 'hookscope-first-row';
const MAX_WAIT_MS = 600;

let resolveFirstPaint: () => void = () => {};
export const firstPaint = new Promise<void>((resolve) => {
  resolveFirstPaint = resolve;
});
setTimeout(() => resolveFirstPaint(), MAX_WAIT_MS);

/** Called once the first page is rendered (with or without rows). */
export function watchFirstPaint(hasRows: boolean): void {
  if (!hasRows || !PerformanceObserver.supportedEntryTypes?.includes('element')) {
    requestAnimationFrame(() => setTimeout(() => resolveFirstPaint(), 0));
    return;
  }
  const observer = new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => (e as PerformanceEntry & { identifier?: string }).identifier === FIRST_ROW_TIMING)) {
      observer.disconnect();
      resolveFirstPaint();
    }
  });
  observer.observe({ type: 'element', buffered: true });
}
