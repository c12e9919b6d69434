import { useLayoutEffect, useRef } from 'preact/hooks';
import type { RequestSummary } from '../api/client.js';
import { formatAgo, formatClock, formatSize } from '../format.js';
import { methodClass } from './RequestDetail.js';
import { VerdictBadge } from './VerdictBadge.js';

export interface RequestListProps {
  items: RequestSummary[];
  selectedId: string | null;
  onSelect(id: string): void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  /** Shown instead of the empty-state hint while the first page loads. */
  loading: boolean;
}

/** Newest first. New arrivals are prepended without moving what the user is looking at. */
export function RequestList(props: RequestListProps) {
  const { items, selectedId, onSelect, hasMore, loadingMore, onLoadMore, loading } = props;
  const scroller = useRef<HTMLDivElement>(null);
  // Read during render, i.e. before this commit: the list's height and first row as last painted.
  const before = useRef<{ height: number; firstId: string | undefined }>({ height: 0, firstId: undefined });
  if (scroller.current) before.current = { height: scroller.current.scrollHeight, firstId: before.current.firstId };

  useLayoutEffect(() => {
    const el = scroller.current;
    const firstId = items[0]?.id;
    if (el && firstId !== before.current.firstId && el.scrollTop > 0) {
      // Rows were added above: shift by their height so the rows in view (and the selection) stay put.
      el.scrollTop += el.scrollHeight - before.current.height;
    }
    before.current = { height: el?.scrollHeight ?? 0, firstId };
  }, [items]);

  const move = (delta: number) => {
    if (items.length === 0) return;
    const at = items.findIndex((i) => i.id === selectedId);
    const next = items[Math.max(0, Math.min(items.length - 1, at === -1 ? 0 : at + delta))]!;
    onSelect(next.id);
    scroller.current?.querySelector(`[data-row-index="${items.indexOf(next)}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <div
      class="list-scroll"
      ref={scroller}
      tabIndex={0}
      aria-label="Captured requests"
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'j') {
          e.preventDefault();
          move(1);
        } else if (e.key === 'ArrowUp' || e.key === 'k') {
          e.preventDefault();
          move(-1);
        }
      }}
    >
      {items.length === 0 ? (
        <div class="list-empty" data-testid="list-empty">
          {loading ? (
            <p class="muted">Loading…</p>
          ) : (
            <>
              <p>No requests yet.</p>
              <p class="muted">Point your provider or tunnel at the capture port; requests show up here live.</p>
            </>
          )}
        </div>
      ) : (
        <table class="requests" data-testid="request-list">
          <thead>
            <tr>
              <th class="col-time">Time</th>
              <th class="col-method">Method</th>
              <th class="col-path">Path</th>
              <th class="col-size">Size</th>
              <th class="col-verdict">Signature</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r, index) => (
              <tr
                key={r.id}
                data-testid="request-row"
                data-request-id={r.id}
                data-row-index={index}
                aria-selected={r.id === selectedId}
                class={r.id === selectedId ? 'selected' : undefined}
                onClick={() => onSelect(r.id)}
              >
                <td class="col-time" title={`${r.receivedAt} (${formatAgo(r.receivedAt)})`}>
                  {formatClock(r.receivedAt)}
                </td>
                <td class="col-method">
                  <span class={`method method-${methodClass(r.method)}`}>{r.method}</span>
                </td>
                <td class="col-path" title={r.url} data-testid="row-url">
                  {r.url}
                </td>
                <td class="col-size">
                  {formatSize(r.size)}
                  {r.truncated ? <span class="flag flag-warn">truncated</span> : null}
                </td>
                <td class="col-verdict">
                  <VerdictBadge verdict={r.verdict} provider={r.provider} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore ? (
        <div class="list-more">
          <button type="button" onClick={onLoadMore} disabled={loadingMore} data-testid="load-more">
            {loadingMore ? 'Loading…' : 'Load older requests'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
