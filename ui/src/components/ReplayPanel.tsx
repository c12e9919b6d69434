import { useState } from 'preact/hooks';
import { ApiClientError, type ApiClient, type HeaderPair, type LoadedDetail, type ReplayAttempt, type ReplayRequest, type ServerInfo } from '../api/client.js';
import { formatMs } from '../format.js';

/** Framing headers the sender recomputes for the (possibly edited) body: not offered for editing. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** `Name: value` per line, in order, duplicates kept (framing headers left out). */
export function headersToText(headers: readonly HeaderPair[]): string {
  return headers
    .filter(([n]) => !FRAMING.has(n.toLowerCase()))
    .map(([n, v]) => `${n}: ${v}`)
    .join('\n');
}

export function textToHeaders(text: string): HeaderPair[] {
  const out: HeaderPair[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`not a header line: ${JSON.stringify(line)}`);
    out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}

/**
 * Replay, re-sign-and-replay and edit-and-replay (`POST /api/requests/:id/replay`). Rendered only when
 * the server announces the 'replay' feature. The app's answer lands in the request's attempts.
 */
export function ReplayPanel({ client, detail: d, onReplayed }: { client: ApiClient; detail: LoadedDetail; info: ServerInfo; onReplayed(): void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; attempt: ReplayAttempt } | { ok: false; message: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const [method, setMethod] = useState(d.method);
  const [path, setPath] = useState(d.url);
  const [headers, setHeaders] = useState(() => headersToText(d.headers));
  const [body, setBody] = useState(d.bodyText ?? '');
  const [to, setTo] = useState('');
  const [resign, setResign] = useState(false);
  const canResign = !!d.verification?.provider;

  const send = async (request: ReplayRequest) => {
    setBusy(true);
    setResult(null);
    try {
      const attempt = await client.replay(d.id, request);
      setResult({ ok: true, attempt });
      onReplayed();
    } catch (error) {
      setResult({ ok: false, message: error instanceof ApiClientError || error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const sendEdited = () => {
    let headerPairs: HeaderPair[];
    try {
      headerPairs = textToHeaders(headers);
    } catch (error) {
      setResult({ ok: false, message: (error as Error).message });
      return;
    }
    const edits: NonNullable<ReplayRequest['edits']> = {};
    if (method !== d.method) edits.method = method;
    if (path !== d.url) edits.path = path;
    if (headers !== headersToText(d.headers)) edits.headers = headerPairs;
    if (d.bodyText !== null && body !== d.bodyText) edits.body = body;
    const request: ReplayRequest = { edits };
    if (to.trim()) request.to = to.trim();
    if (resign) request.resign = true;
    void send(request);
  };

  return (
    <>
      <button type="button" class="primary" disabled={busy} data-testid="replay" onClick={() => void send({})}>
        Replay
      </button>
      {canResign ? (
        <button type="button" disabled={busy} data-testid="replay-resign" title="Sign again with the configured secret, fresh timestamp" onClick={() => void send({ resign: true })}>
          Re-sign &amp; replay
        </button>
      ) : null}
      <button type="button" disabled={busy} data-testid="replay-edit" aria-expanded={editing} onClick={() => setEditing(!editing)}>
        Edit &amp; replay…
      </button>
      {result ? (
        <span class={result.ok ? 'replay-result' : 'replay-result error-text'} data-testid="replay-result" role="status">
          {result.ok
            ? result.attempt.response
              ? `→ ${result.attempt.response.status} in ${formatMs(result.attempt.response.durationMs)}`
              : `→ ${result.attempt.error ?? 'no response'}`
            : result.message}
        </span>
      ) : null}
      {editing ? (
        <form
          class="replay-editor"
          data-testid="replay-editor"
          onSubmit={(e) => {
            e.preventDefault();
            sendEdited();
          }}
        >
          <div class="row-fields">
            <label>
              Method
              <input value={method} size={8} onInput={(e) => setMethod((e.target as HTMLInputElement).value.toUpperCase())} />
            </label>
            <label class="grow">
              Path and query
              <input value={path} class="mono" onInput={(e) => setPath((e.target as HTMLInputElement).value)} />
            </label>
          </div>
          <label class="grow">
            Send to (base URL; empty: the --forward target)
            <input value={to} class="mono" placeholder="http://localhost:3000" onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Headers (one per line)
            <textarea class="mono" rows={Math.min(12, d.headers.length + 1)} value={headers} onInput={(e) => setHeaders((e.target as HTMLTextAreaElement).value)} />
          </label>
          {d.bodyText !== null ? (
            <label>
              Body
              <textarea class="mono" rows={8} value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />
            </label>
          ) : (
            <p class="muted">The body is binary and is sent unchanged.</p>
          )}
          {canResign ? (
            <label class="check">
              <input type="checkbox" checked={resign} onChange={(e) => setResign((e.target as HTMLInputElement).checked)} /> re-sign with the configured{' '}
              {d.verification?.provider} secret (the edited request would fail its signature otherwise)
            </label>
          ) : null}
          <div>
            <button type="submit" class="primary" disabled={busy} data-testid="replay-edit-send">
              Send
            </button>
          </div>
        </form>
      ) : null}
    </>
  );
}
