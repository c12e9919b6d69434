/**
 * The one place the UI talks to the server: REST over fetch, live events over the WebSocket.
 * Failures become ApiClientError (never a raw Response or a parse error), so components only ever
 * handle one error type.
 */
import type { ApiError, RequestDetail, RequestPage, RequestSummary } from '../../../shared/api.js';
import { parseServerEvent, type ServerEvent } from '../../../shared/protocol.js';

export type { RequestDetail, RequestPage, RequestSummary, ServerEvent };

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

  private async call<T>(method: string, path: string, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers[TOKEN_HEADER] = this.token;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), { method, headers, signal, cache: 'no-store' });
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

  /** Newest first. `cursor` comes from the previous page's `nextCursor`. */
  async listRequests(query: { limit?: number; cursor?: string | null } = {}, signal?: AbortSignal): Promise<RequestPage> {
    const params = new URLSearchParams();
    if (query.limit) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    const qs = params.toString();
    const page = await this.call<RequestPage>('GET', `/api/requests${qs ? `?${qs}` : ''}`, signal);
    if (!page || !Array.isArray(page.items)) throw new ApiClientError(200, 'bad_response', 'Malformed request page');
    return { items: page.items, nextCursor: page.nextCursor ?? null };
  }

  getRequest(id: string, signal?: AbortSignal): Promise<RequestDetail> {
    return this.call<RequestDetail>('GET', `/api/requests/${encodeURIComponent(id)}`, signal);
  }

  async deleteRequest(id: string): Promise<void> {
    await this.call<unknown>('DELETE', `/api/requests/${encodeURIComponent(id)}`);
  }

  async clearRequests(): Promise<void> {
    await this.call<unknown>('DELETE', '/api/requests');
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

/** Decodes the base64 body of a RequestDetail. */
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
