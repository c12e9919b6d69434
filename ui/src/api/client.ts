/**
 * The one place the UI talks to the server: REST over fetch, live events over the WebSocket.
 * Failures become ApiClientError (never a raw Response or a parse error), so components only ever
 * handle one error type.
 */
import type {
  ApiError,
  ForwardedResponse,
  HeaderPair,
  ListFilters,
  ListQuery,
  ReplayAttempt,
  RequestDetail,
  RequestPage,
  ReplayEdits,
  ReplayRequest,
  RequestSummary,
  EndpointSecretInfo,
  SecretInfo,
  SecretsView,
  TunnelInfo,
  TunnelView,
} from '../../../shared/api.js';
import { parseServerEvent, type ServerEvent } from '../../../shared/protocol.js';

export type {
  ForwardedResponse,
  HeaderPair,
  ListQuery,
  ReplayAttempt,
  ReplayEdits,
  ReplayRequest,
  RequestDetail,
  RequestPage,
  RequestSummary,
  EndpointSecretInfo,
  SecretInfo,
  ServerEvent,
  TunnelInfo,
  TunnelView,
};

/** `GET /api/info`: what the server is and which optional features (replay, tunnel, ...) it has. */
export interface ServerInfo {
  version: string;
  captureUrl: string;
  publicUrl: string | null;
  features: string[];
}

/** `GET /api/requests/:id/decoded`: a gzip/deflate/br body undone (capped server-side). */
export interface DecodedBody {
  encoding: string;
  size: number;
  truncated: boolean;
  limit?: number;
  body: string;
  bodyText: string | null;
  error?: string;
}

/** A secret entry in `PUT /api/secrets`: a new value, or (servers with 'secrets-keep') one kept by label. */
export type SecretEntry = string | { keep: string };

/** Detail as the page holds it: the body may arrive separately as bytes (large requests). */
export interface LoadedDetail extends RequestDetail {
  /** Set when the body was fetched as raw bytes instead of base64 inside the JSON. */
  bodyBytes?: Uint8Array;
}

/** The list filters, in the order the API takes them (`/api/requests` and `/api/export.har`). */
const LIST_FILTERS = ['q', 'method', 'provider', 'verdict', 'path'] as const;

/** What a HAR export holds: these ids, else the newest requests matching the filters. */
export interface HarSelection {
  ids?: string[];
  filters?: ListFilters;
}

export interface HarExport {
  blob: Blob;
  /** Requests in the file. */
  count: number;
  /** More matched than one export takes (the server's newest 5000). */
  more: boolean;
}

/** Header that carries the per-run token on state-changing calls (the server also accepts it on GETs). */
export const TOKEN_HEADER = 'X-Hookscope-Token';

export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code (`not_found`, ...), or `network` / `bad_response` for client-side failures. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/**
 * The per-run token the server injects into index.html as `<meta name="hookscope-token">`. Read from
 * the DOM (never from an inline script, which the CSP forbids). Several tags: the first non-empty wins.
 */
export function readToken(doc: Document = document): string {
  for (const meta of Array.from(doc.querySelectorAll('meta[name="hookscope-token"]'))) {
    const value = meta.getAttribute('content');
    if (value) return value;
  }
  return '';
}

function isApiError(value: unknown): value is ApiError {
  if (!value || typeof value !== 'object') return false;
  const error = (value as { error?: unknown }).error;
  return !!error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string';
}

export interface ApiClientOptions {
  /** Base URL of the UI/API listener; defaults to the page's own origin. */
  baseUrl?: string;
  token?: string;
}

export class ApiClient {
  readonly baseUrl: string;
  /** Changes when hookscope restarts (a new run, a new token): see refreshToken(). */
  token: string;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? location.origin;
    this.token = options.token ?? readToken();
  }

  /**
   * Re-reads the per-run token from a freshly served index.html. hookscope issues a new token on every
   * start, so after a restart on the same port the token this page was served with is refused; the
   * page fetches its own origin's index.html the way a reload would (a cross-origin page cannot read
   * it). Resolves false while the server is unreachable.
   */
  async refreshToken(): Promise<boolean> {
    let html: string;
    try {
      const res = await fetch(new URL('/', this.baseUrl), {
        cache: 'no-store',
        headers: { Accept: 'text/html' },
      });
      if (!res.ok) return false;
      html = await res.text();
    } catch {
      return false;
    }
    const token = readToken(new DOMParser().parseFromString(html, 'text/html'));
    if (token) this.token = token;
    return true;
  }

  private async call<T>(method: string, path: string, signal?: AbortSignal, json?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers[TOKEN_HEADER] = this.token;
    const init: RequestInit = { method, headers, signal, cache: 'no-store' };
    if (json !== undefined) {
      // State-changing endpoints accept JSON only (a form post from another site cannot reach them).
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json);
    }
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), init);
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw new ApiClientError(0, 'network', 'hookscope is not reachable (is it still running?)');
    }
    const text = await res.text().catch(() => '');
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        if (res.ok) throw new ApiClientError(res.status, 'bad_response', `Unexpected non-JSON response from ${path}`);
      }
    }
    if (!res.ok) {
      if (isApiError(data)) throw new ApiClientError(res.status, data.error.code, data.error.message);
      throw new ApiClientError(res.status, `http_${res.status}`, `${method} ${path} failed: HTTP ${res.status}`);
    }
    return data as T;
  }

  /** Newest first, filtered. `cursor` comes from the previous page's `nextCursor`. */
  async listRequests(query: ListQuery & { cursor?: string | null } = {}, signal?: AbortSignal): Promise<RequestPage> {
    const params = new URLSearchParams();
    if (query.limit) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    for (const key of LIST_FILTERS) {
      const value = query[key];
      if (value) params.set(key, value);
    }
    const qs = params.toString();
    const page = await this.call<RequestPage>('GET', `/api/requests${qs ? `?${qs}` : ''}`, signal);
    if (!page || !Array.isArray(page.items)) throw new ApiClientError(200, 'bad_response', 'Malformed request page');
    const behind = page.indexing?.behind;
    return { items: page.items, nextCursor: page.nextCursor ?? null, ...(typeof behind === 'number' && behind > 0 ? { indexing: { behind } } : {}) };
  }

  getRequest(id: string, signal?: AbortSignal): Promise<RequestDetail> {
    return this.call<RequestDetail>('GET', `/api/requests/${encodeURIComponent(id)}`, signal);
  }

  /**
   * The detail of a large request, parsed off the main thread: a worker fetches and parses the JSON and
   * hands the body over as transferred bytes, so a 25 MB body never blocks the page on JSON.parse.
   * Falls back to getRequest where workers are unavailable.
   */
  async getLargeRequest(id: string, signal?: AbortSignal): Promise<LoadedDetail> {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./detail-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return this.getRequest(id, signal);
    }
    const url = new URL(`/api/requests/${encodeURIComponent(id)}`, this.baseUrl).toString();
    try {
      return await new Promise<LoadedDetail>((resolve, reject) => {
        const onAbort = () => reject(new DOMException('aborted', 'AbortError'));
        signal?.addEventListener('abort', onAbort, { once: true });
        worker.onmessage = (msg: MessageEvent<DetailWorkerReply>) => {
          signal?.removeEventListener('abort', onAbort);
          const reply = msg.data;
          if (reply.ok) resolve({ ...reply.detail, body: '', bodyBytes: reply.bytes });
          else reject(new ApiClientError(reply.status, reply.code, reply.message));
        };
        worker.onerror = () => {
          signal?.removeEventListener('abort', onAbort);
          // A worker that cannot start (CSP, old browser): do it the ordinary way.
          this.getRequest(id, signal).then(resolve, reject);
        };
        worker.postMessage({ url, token: this.token });
      });
    } finally {
      worker.terminate();
    }
  }

  getDecoded(id: string, signal?: AbortSignal): Promise<DecodedBody> {
    return this.call<DecodedBody>('GET', `/api/requests/${encodeURIComponent(id)}/decoded`, signal);
  }

  /** Raw body download (attachment; the server adds nosniff and a sandbox CSP). */
  bodyUrl(id: string): string {
    return new URL(`/api/requests/${encodeURIComponent(id)}/body`, this.baseUrl).toString();
  }

  /** These requests by id, else the newest matching the list filters (all requests without any). */
  harUrl(selection: HarSelection = {}): string {
    const url = new URL('/api/export.har', this.baseUrl);
    if (selection.ids?.length) url.searchParams.set('ids', selection.ids.join(','));
    else for (const key of LIST_FILTERS) if (selection.filters?.[key]) url.searchParams.set(key, selection.filters[key]!);
    return url.toString();
  }

  /**
   * A download as a Blob, fetched with the token (a UI reached beyond loopback needs it on every call)
   * so failures surface as errors rather than as a broken file.
   */
  private async blob(url: string, what: string): Promise<Blob> {
    return (await this.download(url, what)).blob();
  }

  private async download(url: string, what: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, { cache: 'no-store', headers: this.token ? { [TOKEN_HEADER]: this.token } : {} });
    } catch {
      throw new ApiClientError(0, 'network', 'hookscope is not reachable (is it still running?)');
    }
    if (!res.ok) {
      const data: unknown = await res.json().catch(() => undefined);
      if (isApiError(data)) throw new ApiClientError(res.status, data.error.code, data.error.message);
      throw new ApiClientError(res.status, `http_${res.status}`, `${what} failed: HTTP ${res.status}`);
    }
    return res;
  }

  /** The HAR file, how many requests it holds, and whether more matched than one export takes. */
  async exportHar(selection: HarSelection = {}): Promise<HarExport> {
    const res = await this.download(this.harUrl(selection), 'HAR export');
    const blob = await res.blob();
    return { blob, count: Number(res.headers.get('X-Hookscope-Export-Count') ?? 0), more: res.headers.get('X-Hookscope-Export-More') === '1' };
  }

  /** The raw body bytes as stored (secrets masked when the body is text that carries one). */
  downloadBody(id: string): Promise<Blob> {
    return this.blob(this.bodyUrl(id), 'Body download');
  }

  async deleteRequest(id: string): Promise<void> {
    await this.call<unknown>('DELETE', `/api/requests/${encodeURIComponent(id)}`);
  }

  async clearRequests(): Promise<void> {
    await this.call<unknown>('DELETE', '/api/requests');
  }

  async getInfo(signal?: AbortSignal): Promise<ServerInfo> {
    const info = await this.call<Partial<ServerInfo>>('GET', '/api/info', signal);
    return {
      version: info?.version ?? '',
      captureUrl: info?.captureUrl ?? '',
      publicUrl: info?.publicUrl ?? null,
      features: Array.isArray(info?.features) ? info.features.filter((f): f is string => typeof f === 'string') : [],
    };
  }

  async getSecrets(signal?: AbortSignal): Promise<SecretsOnServer> {
    return secretsOnServer(await this.call<SecretsView>('GET', '/api/secrets', signal));
  }

  /** Replaces one provider's secrets (first = current); the server re-verifies and pushes `updated`. */
  async putSecrets(provider: string, secrets: SecretEntry[]): Promise<SecretsOnServer> {
    return secretsOnServer(await this.call<SecretsView>('PUT', '/api/secrets', undefined, { provider, secrets }));
  }

  /** Sets (null: removes) a configured endpoint rule's secret; the server re-verifies and pushes `updated`. */
  async putEndpointSecret(endpoint: string, secret: string | null): Promise<SecretsOnServer> {
    return secretsOnServer(await this.call<SecretsView>('PUT', '/api/secrets', undefined, { endpoint, secret }));
  }

  replay(id: string, options: ReplayRequest = {}): Promise<ReplayAttempt> {
    return this.call<ReplayAttempt>('POST', `/api/requests/${encodeURIComponent(id)}/replay`, undefined, options);
  }

  /** `GET /api/tunnel`: the public URL in use, where it came from, and what a local ngrok agent reports. */
  async getTunnel(signal?: AbortSignal): Promise<TunnelView> {
    const data = await this.call<Partial<TunnelView> | null>('GET', '/api/tunnel', signal);
    const tunnels = Array.isArray(data?.tunnels) ? data.tunnels.filter((t): t is TunnelInfo => !!t && typeof t.publicUrl === 'string') : [];
    return {
      publicUrl: typeof data?.publicUrl === 'string' ? data.publicUrl : null,
      source: data?.source ?? null,
      captureUrl: data?.captureUrl ?? '',
      forward: data?.forward ?? null,
      agent: data?.agent ?? { api: null, status: 'not-found', checkedAt: null },
      tunnels,
    };
  }

  /** ws(s)://host/api/live?token=… for this page's origin. */
  liveUrl(): string {
    const url = new URL('/api/live', this.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.token) url.searchParams.set('token', this.token);
    return url.toString();
  }

  /** Opens the live socket and keeps it open, reconnecting with backoff (capped at ~2 s). */
  connectLive(handlers: LiveHandlers): LiveConnection {
    return new LiveConnection(
      async (reconnecting) => {
        // Only a reconnect can face a new run; the first connection uses the token the page came with.
        if (reconnecting && !(await this.refreshToken())) return null;
        return this.liveUrl();
      },
      handlers,
    );
  }
}

export type LiveStatus = 'connecting' | 'open' | 'lost';

export interface LiveHandlers {
  onEvent(event: ServerEvent): void;
  onStatus(status: LiveStatus): void;
  /** The socket (re)opened; `reconnected` is false only for the very first successful connection. */
  onOpen?(reconnected: boolean): void;
}

const BACKOFF_MS = [200, 400, 800, 1500, 2000];

export class LiveConnection {
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private everOpened = false;
  private closed = false;

  constructor(
    /** The socket URL for the next attempt, or null when the server is not reachable yet. */
    private readonly url: (reconnecting: boolean) => Promise<string | null>,
    private readonly handlers: LiveHandlers,
  ) {
    void this.open();
  }

  private async open(): Promise<void> {
    if (this.closed) return;
    if (!this.everOpened && this.attempt === 0) this.handlers.onStatus('connecting');
    const url = await this.url(this.everOpened || this.attempt > 0).catch(() => null);
    if (this.closed) return;
    if (url === null) {
      this.scheduleRetry();
      return;
    }
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.closed || this.socket !== socket) return;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.handlers.onStatus('open');
      this.handlers.onOpen?.(reconnected);
    };
    socket.onmessage = (msg) => {
      if (this.socket !== socket || typeof msg.data !== 'string') return;
      const event = parseServerEvent(msg.data);
      if (event) this.handlers.onEvent(event);
    };
    // onerror is always followed by onclose; handling the close alone avoids double retries.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.closed || this.socket !== socket) return;
      this.socket = null;
      this.handlers.onStatus('lost');
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.closed || this.timer) return;
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    this.attempt++;
    // A little jitter so several tabs do not reconnect in lockstep; stays under ~2 s.
    const delay = Math.min(2000, base + Math.floor(Math.random() * 100));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.open();
    }, delay);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
  }
}

export type DetailWorkerReply =
  | { ok: true; detail: RequestDetail; bytes: Uint8Array }
  | { ok: false; status: number; code: string; message: string };

/** Decodes the base64 body of a RequestDetail. */
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** What the settings panel shows: provider secrets and endpoint rules (older servers send no endpoints). */
export interface SecretsOnServer {
  secrets: SecretInfo[];
  endpoints: EndpointSecretInfo[];
}

function secretsOnServer(view: SecretsView | undefined): SecretsOnServer {
  return { secrets: Array.isArray(view?.secrets) ? view.secrets : [], endpoints: Array.isArray(view?.endpoints) ? view.endpoints : [] };
}
