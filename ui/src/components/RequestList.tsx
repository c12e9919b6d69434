import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { FIRST_ROW_TIMING } from '../first-paint.js';
import type { RequestSummary } from '../api/client.js';
import { formatClock, formatSize, methodClass } from '../format.js';
import { memo } from '../memo.js';
import { VerdictBadge } from './VerdictBadge.js';

/** Fixed row height (px): keep in step with `.row` in styles.css. Virtualization depends on it. */
export const ROW_HEIGHT = 28;
/** Rows rendered beyond each edge of the viewport, so fast scrolling never shows blank space. */
const OVERSCAN = 12;
/** Ask for the next page while this many loaded rows are still below the viewport. */
const PREFETCH_ROWS = 150;
/** How long a live arrival keeps its "just arrived" highlight. */
export const FRESH_MS = 1500;

export interface RequestListProps {
  items: RequestSummary[];
  /** The keyboard cursor (j/k); the open request is highlighted separately. */
  cursorId: string | null;
  openId: string | null;
  marked: ReadonlySet<string>;
  onOpen(id: string): void;
  onMark(id: string, how: 'toggle' | 'range'): void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  /** Shown instead of the empty-state hint while the first page loads. */
  loading: boolean;
  filtered: boolean;
  /** Identifies the query the items answer (for tests and the benchmark: `data-query`). */
  queryKey: string;
  /** ids that arrived live, with their arrival time (performance.now()). */
  fresh: ReadonlyMap<string, number>;
  captureUrl: string | null;
}

interface Viewport {
  top: number;
  height: number;
}

/**
 * Newest first, virtualized: only the rows in view (plus overscan) exist in the DOM, at a fixed row
 * height, so 100k loaded requests scroll like 100. Older pages load as the end comes near. New arrivals
 * are prepended without moving what the user is reading: unless the list is at the very top with
 * nothing open, the scroll position shifts by the rows added above, and a pill offers to jump up.
 */
export function RequestList(props: RequestListProps) {
  const { items, cursorId, openId, marked, onOpen, onMark, hasMore, loadingMore, onLoadMore, loading, filtered, queryKey, fresh } = props;
  const scroller = useRef<HTMLDivElement>(null);
  // The window's height bounds the list's: the first render already has every row the first screen shows.
  const [view, setView] = useState<Viewport>(() => ({ top: 0, height: window.innerHeight || 600 }));
  const [above, setAbove] = useState(0);
  const frame = useRef(0);
  const prev = useRef<{ firstId: string | undefined; queryKey: string }>({ firstId: undefined, queryKey });

  // Track the viewport: scroll position (once per frame) and size.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const read = () => {
      frame.current = 0;
      setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
      if (el.scrollTop < ROW_HEIGHT) setAbove(0);
    };
    const onScroll = () => {
      if (!frame.current) frame.current = requestAnimationFrame(read);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(read);
    ro.observe(el);
    read();
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      if (frame.current) cancelAnimationFrame(frame.current);
    };
  }, []);

  // Rows prepended above: keep the rows in view where they are (unless following the top).
  useLayoutEffect(() => {
    const el = scroller.current;
    const firstId = items[0]?.id;
    const before = prev.current;
    prev.current = { firstId, queryKey };
    if (!el || before.queryKey !== queryKey) {
      // A new query: start at the top.
      if (el && before.queryKey !== queryKey) {
        el.scrollTop = 0;
        setView({ top: 0, height: el.clientHeight });
      }
      setAbove(0);
      return;
    }
    if (!before.firstId || firstId === before.firstId) return;
    const following = el.scrollTop < 1 && openId === null;
    if (following) return;
    // Where did the old first row go? Usually a few rows down: look there first.
    let added = -1;
    for (let i = 0; i < Math.min(items.length, 5000); i++) {
      if (items[i]!.id === before.firstId) {
        added = i;
        break;
      }
    }
    if (added <= 0) return;
    const was = el.scrollTop;
    el.scrollTop = was + added * ROW_HEIGHT;
    // A list shorter than its viewport cannot scroll: then nothing is hidden above either.
    const shifted = Math.round((el.scrollTop - was) / ROW_HEIGHT);
    setView({ top: el.scrollTop, height: el.clientHeight });
    if (shifted > 0) setAbove((n) => n + shifted);
  }, [items, queryKey]);

  // Keep the keyboard cursor in view.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || cursorId === null) return;
    const index = items.findIndex((i) => i.id === cursorId);
    if (index === -1) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [cursorId]);

  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (hasMore && !loadingMore && !loading && last >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, loading, last, items.length]);

  const now = performance.now();
  const rows: preact.JSX.Element[] = [];
  for (let index = first; index < last; index++) {
    const r = items[index]!;
    const arrived = fresh.get(r.id);
    rows.push(
      <Row
        key={r.id}
        item={r}
        top={index === 0}
        open={r.id === openId}
        cursor={r.id === cursorId}
        marked={marked.has(r.id)}
        fresh={arrived !== undefined && now - arrived < FRESH_MS}
        onOpen={onOpen}
        onMark={onMark}
      />,
    );
  }

  return (
    <div class="list-pane">
      <div class="list-head" role="row" aria-hidden="true">
        <span class="cell col-time">Time</span>
        <span class="cell col-method">Method</span>
        <span class="cell col-path">Path</span>
        <span class="cell col-verdict">Signature</span>
        <span class="cell col-status">App</span>
        <span class="cell col-size">Size</span>
      </div>
      <div
        class="list-scroll"
        ref={scroller}
        tabIndex={0}
        role="grid"
        aria-label="Captured requests"
        aria-rowcount={items.length}
        data-testid="request-list"
        data-query={queryKey}
        data-state={loading ? 'loading' : 'ready'}
        data-count={items.length}
      >
        {items.length === 0 ? (
          <div class="list-empty" data-testid="list-empty">
            {loading ? (
              <p class="muted">Loading…</p>
            ) : filtered ? (
              <>
                <p>No requests match these filters.</p>
                <p class="muted">New matching requests show up here live.</p>
              </>
            ) : (
              <>
                <p>No requests yet.</p>
                <p class="muted">
                  Point your provider or tunnel at {props.captureUrl ? <code>{props.captureUrl}</code> : 'the capture port'}; requests show
                  up here live.
                </p>
              </>
            )}
          </div>
        ) : (
          <div class="list-inner" style={{ height: `${items.length * ROW_HEIGHT + (hasMore ? ROW_HEIGHT : 0)}px` }}>
            <div class="list-window" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
              {rows}
            </div>
            {hasMore && last >= items.length ? (
              <div class="list-more" style={{ transform: `translateY(${items.length * ROW_HEIGHT}px)` }} data-testid="list-loading-more">
                {loadingMore ? 'Loading older requests…' : ''}
              </div>
            ) : null}
          </div>
        )}
      </div>
      {above > 0 ? (
        <button
          type="button"
          class="new-pill"
          data-testid="new-above"
          onClick={() => {
            if (scroller.current) scroller.current.scrollTop = 0;
            setAbove(0);
          }}
        >
          ↑ {above} new
        </button>
      ) : null}
    </div>
  );
}

interface RowProps {
  item: RequestSummary;
  /** The newest row: carries the Element Timing mark the UI benchmark reads. */
  top: boolean;
  open: boolean;
  cursor: boolean;
  marked: boolean;
  fresh: boolean;
  onOpen(id: string): void;
  onMark(id: string, how: 'toggle' | 'range'): void;
}

/** One list row. Memoized: scrolling re-renders only the rows that come into view. */
const Row = memo(function Row({ item: r, top, open, cursor, marked, fresh, onOpen, onMark }: RowProps) {
  let cls = 'row';
  if (open) cls += ' open';
  if (cursor) cls += ' cursor';
  if (marked) cls += ' marked';
  if (fresh) cls += ' fresh';
  return (
    <div
      role="row"
      class={cls}
      data-testid="request-row"
      data-request-id={r.id}
      aria-selected={open}
      data-cursor={cursor ? 'true' : undefined}
      data-marked={marked ? 'true' : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey) onMark(r.id, 'toggle');
        else if (e.shiftKey) onMark(r.id, 'range');
        else onOpen(r.id);
      }}
    >
      <span role="cell" class="cell col-time" title={r.receivedAt}>
        {formatClock(r.receivedAt)}
      </span>
      <span role="cell" class="cell col-method">
        <span class={`method method-${methodClass(r.method)}`}>{r.method}</span>
      </span>
      {/* Element Timing reports text only on the element that holds it directly: the top row's URL cell. */}
      <span role="cell" class="cell col-path" title={r.url} data-testid="row-url" {...(top ? { elementtiming: FIRST_ROW_TIMING } : {})}>
        {r.url}
      </span>
      <span role="cell" class="cell col-verdict">
        <VerdictBadge verdict={r.verdict} provider={r.provider} diagnosis={r.diagnosis} />
      </span>
      <span role="cell" class="cell col-status" data-testid="row-status">
        {r.responseStatus != null ? <span class={`status status-${Math.floor(r.responseStatus / 100)}xx`}>{r.responseStatus}</span> : null}
      </span>
      <span role="cell" class="cell col-size">
        {formatSize(r.size)}
        {r.truncated ? (
          <span class="flag flag-warn" title="Stored truncated at the size cap">
            cut
          </span>
        ) : null}
      </span>
    </div>
  );
});
