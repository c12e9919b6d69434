/**
 * Finds a running ngrok agent through its local API (GET {api}/api/tunnels, default
 * http://127.0.0.1:4040) and keeps what it reports: polled in the background, refreshed on demand.
 * No agent is the normal case: it is never an error, and nothing is logged until one shows up.
 */
import http from 'node:http';
import https from 'node:https';

/** A tunnel as the agent API lists it (only the fields used; the API adds more over time). */
export interface NgrokTunnel {
  name: string;
  public_url: string;
  proto: string;
  config?: { addr?: string; inspect?: boolean };
}

/** A captured request as GET /api/requests/http lists it. */
export interface NgrokCapturedRequest {
  id: string;
  tunnel_name?: string;
  remote_addr?: string;
  start?: string;
  duration?: number;
  request?: { method?: string; proto?: string; headers?: Record<string, string[]>; uri?: string; raw?: string };
  response?: { status?: string; status_code?: number; proto?: string; headers?: Record<string, string[]>; raw?: string } | null;
}

export type AgentStatus = 'found' | 'not-found' | 'error';

export interface NgrokAgentOptions {
  /** Base URL of the agent API, e.g. http://127.0.0.1:4040. */
  api: string;
  intervalMs?: number;
  timeoutMs?: number;
  log(message: string): void;
}

const MAX_TUNNELS_BYTES = 1024 * 1024;
const MAX_REQUESTS_BYTES = 32 * 1024 * 1024;

export class NgrokAgent {
  status: AgentStatus = 'not-found';
  checkedAt: number | null = null;
  error: string | undefined;
  tunnels: NgrokTunnel[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  private stopped = false;
  private lastKey = '';
  private listener: ((tunnels: NgrokTunnel[]) => void) | null = null;

  constructor(private readonly options: NgrokAgentOptions) {}

  /** Called after each poll that changed the tunnel list (found, changed, or gone). */
  onChange(listener: (tunnels: NgrokTunnel[]) => void): void {
    this.listener = listener;
  }

  get api(): string {
    return this.options.api;
  }

  start(): void {
    this.stopped = false;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs ?? 3_000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** An answer obtained after this call began: waits out a poll in flight (it may predate a change), then polls. */
  async refreshNow(): Promise<void> {
    if (this.inflight) await this.inflight;
    await this.refresh();
  }

  refresh(): Promise<void> {
    this.inflight ??= this.poll().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async poll(): Promise<void> {
    let tunnels: NgrokTunnel[] | null = null;
    let status: AgentStatus;
    let error: string | undefined;
    try {
      const body = (await getJson(`${this.options.api}/api/tunnels`, this.options.timeoutMs ?? 1_500, MAX_TUNNELS_BYTES)) as { tunnels?: unknown };
      if (!body || !Array.isArray(body.tunnels)) throw new AgentError('error', 'the answer has no "tunnels" list: is this an ngrok agent?');
      tunnels = body.tunnels.filter(isTunnel);
      status = 'found';
    } catch (e) {
      status = e instanceof AgentError ? e.status : 'error';
      error = status === 'not-found' ? undefined : (e as Error).message;
    }
    if (this.stopped) return;
    const before = this.status;
    this.status = status;
    this.error = error;
    this.checkedAt = Date.now();
    this.tunnels = tunnels ?? [];
    const key = JSON.stringify(this.tunnels.map((t) => [t.name, t.public_url, t.config?.addr]));
    if (status === 'found' && key !== this.lastKey) {
      this.options.log(
        this.tunnels.length
          ? `ngrok agent at ${this.options.api}: ${this.tunnels.map((t) => `${t.public_url} → ${t.config?.addr ?? '?'}`).join(', ')}`
          : `ngrok agent at ${this.options.api} has no tunnels yet`,
      );
    } else if (status !== 'found' && before === 'found') {
      this.options.log(`ngrok agent at ${this.options.api} is gone${error ? ` (${error})` : ''}`);
    }
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.listener?.(this.tunnels);
    }
  }

  /** The agent's captured requests (its inspector), newest first as ngrok lists them. */
  async capturedRequests(limit: number): Promise<NgrokCapturedRequest[]> {
    const body = (await getJson(`${this.options.api}/api/requests/http?limit=${limit}`, 10_000, MAX_REQUESTS_BYTES)) as { requests?: unknown };
    if (!body || !Array.isArray(body.requests)) throw new AgentError('error', 'the answer has no "requests" list: is this an ngrok agent with inspection on?');
    return body.requests.filter((r): r is NgrokCapturedRequest => !!r && typeof r === 'object' && typeof (r as NgrokCapturedRequest).id === 'string');
  }
}

export class AgentError extends Error {
  constructor(
    readonly status: AgentStatus,
    message: string,
  ) {
    super(message);
  }
}

function isTunnel(value: unknown): value is NgrokTunnel {
  const t = value as NgrokTunnel;
  return !!t && typeof t === 'object' && typeof t.public_url === 'string' && typeof t.name === 'string';
}

/** GET a JSON document over a fresh connection (nothing lingers), bounded in time and size. */
function getJson(url: string, timeoutMs: number, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = (target.protocol === 'https:' ? https : http).get(target, { agent: false, headers: { Accept: 'application/json' }, timeout: timeoutMs }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new AgentError('error', `${url} answered ${res.statusCode}`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy();
          return reject(new AgentError('error', `${url} sent more than ${maxBytes} bytes`));
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new AgentError('error', `${url} did not answer with JSON`));
        }
      });
      res.on('error', (e) => reject(new AgentError('error', e.message)));
    });
    req.on('timeout', () => req.destroy(new AgentError('error', `${url} did not answer within ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof AgentError) return reject(e);
      // Nothing listening is the usual case (no ngrok running): not an error worth a word.
      reject(new AgentError(e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EADDRNOTAVAIL' ? 'not-found' : 'error', e.message));
    });
  });
}
