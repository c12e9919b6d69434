import { EmptyDetail } from './EmptyDetail.js';
import { useCallback, useMemo, useState } from 'preact/hooks';
import { decodeBase64, type ApiClient, type ForwardedResponse, type LoadedDetail, type ServerInfo } from '../api/client.js';
import { saveBlob } from '../clipboard.js';
import { curlCommand, formatAgo, formatCount, formatDateTime, formatMs, formatSize, headerValue, methodClass, queryPairs, receivedUrl } from '../format.js';
import { BodyViewer } from './BodyViewer.js';
import { CopyButton } from './CopyButton.js';
import { HeadersTable } from './HeadersTable.js';
import { ReplayPanel } from './ReplayPanel.js';
import { VerdictBadge } from './VerdictBadge.js';
import { VerificationPanel } from './VerificationPanel.js';
import { urlAsSigned } from '../signed-url.js';

export type DetailState =
  | { status: 'none' }
  | { status: 'loading'; id: string }
  | { status: 'ok'; id: string; data: LoadedDetail }
  | { status: 'gone'; id: string }
  | { status: 'error'; id: string; message: string };

export interface RequestDetailProps {
  state: DetailState;
  client: ApiClient;
  info: ServerInfo | null;
  onDelete(id: string): void;
  onRetry(id: string): void;
  onClose(): void;
  onAddSecret(provider: string): void;
  /** A replay finished: reload the detail (new attempt). */
  onReplayed(id: string): void;
}

/** One captured request: overview, verification, query, headers in arrival order, body, responses. */
export function RequestDetail(props: RequestDetailProps) {
  const { state, onRetry } = props;
  if (state.status === 'none') return <EmptyDetail />;
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
  // Keyed: per-request state (replay editor, errors) starts fresh for each request.
  return <LoadedRequest key={state.data.id} {...props} data={state.data} />;
}

function LoadedRequest(props: RequestDetailProps & { data: LoadedDetail }) {
  const { data: d, client, info, onDelete, onClose, onAddSecret, onReplayed } = props;
  const [actionError, setActionError] = useState<string | null>(null);
  const bytes = useMemo(() => {
    let cached: Uint8Array | null = d.bodyBytes ?? null;
    return () => (cached ??= decodeBase64(d.body));
  }, [d]);
  const loadDecoded = useCallback((signal: AbortSignal) => client.getDecoded(d.id, signal), [client, d.id]);
  const v = d.verification;
  const query = useMemo(() => queryPairs(d.url), [d.url]);
  const asReceived = receivedUrl(d.headers, d.url);
  const publicView = signedView(d, info);
  const contentEncoding = headerValue(d.headers, 'content-encoding') ?? null;
  const curl = () =>
    curlCommand({
      baseUrl: info?.captureUrl || `http://${headerValue(d.headers, 'host') ?? 'localhost'}`,
      method: d.method,
      target: d.url,
      headers: d.headers,
      bodyText: d.bodyText,
      bodyBase64: d.bodyBytes ? bytesToBase64(d.bodyBytes) : d.body,
      size: d.size,
    });

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
          <button type="button" class="icon" title="Close (Esc)" aria-label="Close" data-testid="detail-close" onClick={onClose}>
            ✕
          </button>
        </div>
      </header>

      <div class="action-bar" role="toolbar" aria-label="Request actions">
        {info?.features.includes('replay') ? <ReplayPanel client={client} detail={d} info={info} onReplayed={() => onReplayed(d.id)} /> : null}
        <CopyButton text={curl} label="Copy as curl" testId="copy-curl" />
        {d.size > 0 ? (
          <CopyButton
            text={() => d.bodyText ?? (d.bodyBytes ? bytesToBase64(d.bodyBytes) : d.body)}
            label={d.bodyText === null ? 'Copy body (base64)' : 'Copy body'}
            testId="copy-body"
          />
        ) : null}
        {d.size > 0 ? (
          <button
            type="button"
            data-testid="download-body"
            onClick={() =>
              client.downloadBody(d.id).then(
                (blob) => saveBlob(blob, `hookscope-request-${d.id}.bin`),
                (error: Error) => setActionError(error.message),
              )
            }
          >
            Download body
          </button>
        ) : null}
        {actionError ? (
          <span class="error-text" role="alert">
            {actionError}
          </span>
        ) : null}
        <span class="spacer" />
        <button type="button" class="danger" data-testid="delete-request" onClick={() => onDelete(d.id)}>
          Delete
        </button>
      </div>

      <dl class="overview" data-testid="overview">
        <dt>Received</dt>
        <dd data-testid="detail-time" title={d.receivedAt}>
          {formatDateTime(d.receivedAt)} <span class="muted">({formatAgo(d.receivedAt)})</span>
        </dd>
        <dt>URL as received</dt>
        <dd class="mono" data-testid="detail-received-url">
          {asReceived} <CopyButton text={asReceived} label="copy" />
        </dd>
        {publicView ? (
          <>
            <dt>{publicView.label}</dt>
            <dd class="mono" data-testid="detail-signed-url">
              {publicView.url} <CopyButton text={publicView.url} label="copy" />
              {publicView.source ? <span class="muted url-source"> — {publicView.source}</span> : null}
            </dd>
          </>
        ) : null}
        <dt>From</dt>
        <dd class="mono" data-testid="detail-remote">
          {d.remoteAddress}
        </dd>
        <dt>Size</dt>
        <dd data-testid="detail-size">
          {formatSize(d.size)}
          {d.size >= 1024 ? ` (${formatCount(d.size)} bytes)` : null}
          {d.truncated ? (
            <span class="flag flag-warn" data-testid="detail-truncated">
              truncated{d.declaredSize != null ? ` — sender declared ${formatSize(d.declaredSize)}` : ''}
            </span>
          ) : null}
        </dd>
        <dt>Protocol</dt>
        <dd>HTTP/{d.httpVersion}</dd>
        {d.contentType ? (
          <>
            <dt>Type</dt>
            <dd class="mono">{d.contentType}</dd>
          </>
        ) : null}
        {contentEncoding ? (
          <>
            <dt>Encoding</dt>
            <dd class="mono">{contentEncoding}</dd>
          </>
        ) : null}
        {d.response ? (
          <>
            <dt>App answered</dt>
            <dd data-testid="detail-response-status">
              <ResponseStatus response={d.response} />
            </dd>
          </>
        ) : null}
      </dl>

      <h3>Signature</h3>
      <VerificationPanel verification={v} onAddSecret={onAddSecret} />

      {query.length > 0 ? (
        <>
          <h3>
            Query <span class="count">{query.length}</span>
          </h3>
          <table class="kv query" data-testid="query-table">
            <tbody>
              {query.map((p, i) => (
                <tr key={i} data-testid="query-row">
                  <th scope="row">{p.name}</th>
                  <td>
                    {p.value}
                    {p.raw !== p.value ? <span class="raw muted"> raw: {p.raw}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      <h3>
        Body <span class="count">{formatSize(d.size)}</span>
      </h3>
      <BodyViewer
        key={d.id}
        bytes={bytes}
        bodyText={d.bodyText}
        contentType={d.contentType}
        contentEncoding={contentEncoding}
        size={d.size}
        truncated={d.truncated}
        loadDecoded={loadDecoded}
      />

      <h3>
        Headers <span class="count">{d.headers.length}</span>
      </h3>
      <HeadersTable headers={d.headers} />

      {d.response ? (
        <>
          <h3>Your app's response</h3>
          <ResponseView response={d.response} testId="app-response" />
        </>
      ) : null}

      {d.attempts.length > 0 ? (
        <>
          <h3>
            Replays <span class="count">{d.attempts.length}</span>
          </h3>
          <ol class="attempts" data-testid="attempts">
            {d.attempts
              .slice()
              .reverse()
              .map((a) => (
                <li key={a.id} class="attempt" data-testid="attempt">
                  <div class="attempt-head">
                    <span class="muted">{formatDateTime(a.createdAt)}</span>
                    <code>
                      {a.request.method} {a.to}
                    </code>
                    {a.resigned ? <span class="flag flag-ok">re-signed</span> : null}
                    {a.edited ? <span class="flag flag-warn">edited</span> : null}
                    {a.response ? <ResponseStatus response={a.response} /> : <span class="error-text">{a.error ?? 'no response'}</span>}
                  </div>
                  {a.response ? (
                    <details>
                      <summary>response</summary>
                      <ResponseView response={a.response} />
                    </details>
                  ) : null}
                </li>
              ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

function ResponseStatus({ response }: { response: ForwardedResponse }) {
  return (
    <span class="response-status">
      <span class={`status status-${Math.floor(response.status / 100)}xx`}>{response.status}</span>
      <span class="muted"> in {formatMs(response.durationMs)}</span>
      {response.error ? <span class="error-text"> — {response.error}</span> : null}
    </span>
  );
}

function ResponseView({ response, testId }: { response: ForwardedResponse; testId?: string }) {
  const text = useMemo(() => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64(response.body));
    } catch {
      return null;
    }
  }, [response.body]);
  const bytes = useMemo(() => {
    let cached: Uint8Array | null = null;
    return () => (cached ??= decodeBase64(response.body));
  }, [response.body]);
  const size = response.size ?? Math.floor((response.body.length * 3) / 4);
  return (
    <div class="response-view" data-testid={testId}>
      <p>
        <ResponseStatus response={response} />
      </p>
      <HeadersTable headers={response.headers} />
      <BodyViewer
        bytes={bytes}
        bodyText={text}
        contentType={headerValue(response.headers, 'content-type') ?? null}
        size={text !== null ? text.length : size}
        truncated={response.truncated ?? false}
      />
    </div>
  );
}

/** Where the provider sent the request: the URL the verifier used, else the public URL or forwarding headers. */
function signedView(d: LoadedDetail, info: ServerInfo | null): { label: string; url: string; source: string } | null {
  const v = d.verification;
  const signed = urlAsSigned(v);
  if (signed) {
    const source = v?.candidates?.find((c) => c.url === signed)?.source ?? '';
    return { label: 'URL as signed', url: signed, source };
  }
  const proto = headerValue(d.headers, 'x-forwarded-proto')?.split(',')[0]?.trim();
  const host = headerValue(d.headers, 'x-forwarded-host')?.split(',')[0]?.trim();
  if (proto || host) {
    const url = `${proto || 'http'}://${host || headerValue(d.headers, 'host') || 'localhost'}${d.url}`;
    return { label: 'URL at the provider', url, source: 'forwarding headers' };
  }
  if (info?.publicUrl) return { label: 'URL at the provider', url: info.publicUrl.replace(/\/+$/, '') + d.url, source: 'public URL' };
  return null;
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
