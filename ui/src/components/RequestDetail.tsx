import type { RequestDetail as Detail } from '../api/client.js';
import { formatDateTime, formatSize } from '../format.js';
import { BodyViewer } from './BodyViewer.js';
import { HeadersTable } from './HeadersTable.js';
import { VerdictBadge } from './VerdictBadge.js';

export type DetailState =
  | { status: 'none' }
  | { status: 'loading'; id: string }
  | { status: 'ok'; id: string; data: Detail }
  | { status: 'gone'; id: string }
  | { status: 'error'; id: string; message: string };

export interface RequestDetailProps {
  state: DetailState;
  onDelete(id: string): void;
  onRetry(id: string): void;
}

/** One captured request: request line, metadata, headers in arrival order and the body. */
export function RequestDetail({ state, onDelete, onRetry }: RequestDetailProps) {
  if (state.status === 'none') {
    return (
      <section class="detail detail-empty" data-testid="detail-empty">
        <p class="muted">Select a request to see its headers and body.</p>
      </section>
    );
  }
  if (state.status === 'loading') {
    return (
      <section class="detail" data-testid="detail-loading" aria-busy="true">
        <p class="muted">Loading…</p>
      </section>
    );
  }
  if (state.status === 'gone') {
    return (
      <section class="detail" data-testid="detail-gone">
        <p class="muted">This request was deleted.</p>
      </section>
    );
  }
  if (state.status === 'error') {
    return (
      <section class="detail" data-testid="detail-error">
        <p class="error-text">{state.message}</p>
        <button type="button" onClick={() => onRetry(state.id)}>
          Retry
        </button>
      </section>
    );
  }

  const d = state.data;
  return (
    <section class="detail" data-testid="request-detail" data-request-id={d.id}>
      <header class="detail-head">
        <div class="request-line">
          <span class={`method method-${methodClass(d.method)}`} data-testid="detail-method">
            {d.method}
          </span>
          <code class="url" data-testid="detail-url">
            {d.url}
          </code>
        </div>
        <div class="detail-actions">
          <VerdictBadge verdict={d.verdict} provider={d.provider} />
          <button type="button" class="danger" data-testid="delete-request" onClick={() => onDelete(d.id)}>
            Delete
          </button>
        </div>
      </header>

      <dl class="meta">
        <div>
          <dt>Received</dt>
          <dd data-testid="detail-time" title={d.receivedAt}>
            {formatDateTime(d.receivedAt)}
          </dd>
        </div>
        <div>
          <dt>From</dt>
          <dd data-testid="detail-remote">{d.remoteAddress}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd data-testid="detail-size">
            {formatSize(d.size)}
            {d.size >= 1024 ? ` (${d.size.toLocaleString()} bytes)` : null}
            {d.truncated ? (
              <span class="flag flag-warn" data-testid="detail-truncated">
                truncated{d.declaredSize != null ? ` — sender declared ${formatSize(d.declaredSize)}` : ''}
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>HTTP</dt>
          <dd>{d.httpVersion}</dd>
        </div>
        {d.contentType ? (
          <div>
            <dt>Type</dt>
            <dd>{d.contentType}</dd>
          </div>
        ) : null}
        {d.responseStatus != null ? (
          <div>
            <dt>App answered</dt>
            <dd>{d.responseStatus}</dd>
          </div>
        ) : null}
      </dl>

      {d.verification && d.verification.diagnoses.length > 0 ? (
        <ul class="diagnoses" data-testid="diagnoses">
          {d.verification.diagnoses.map((g, i) => (
            <li key={i}>
              <code>{g.code}</code> {g.message}
            </li>
          ))}
        </ul>
      ) : null}

      <h3>
        Headers <span class="count">{d.headers.length}</span>
      </h3>
      <HeadersTable headers={d.headers} />

      <h3>
        Body <span class="count">{formatSize(d.size)}</span>
      </h3>
      <BodyViewer
        key={d.id}
        body={d.body}
        bodyText={d.bodyText}
        contentType={d.contentType}
        size={d.size}
        truncated={d.truncated}
      />
    </section>
  );
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** A class-name-safe token for the method colour (captured methods are arbitrary text). */
export function methodClass(method: string): string {
  const m = method.toUpperCase();
  return METHODS.has(m) ? m.toLowerCase() : 'other';
}
