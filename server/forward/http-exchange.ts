/**
 * One HTTP exchange with the app (forward, replay, send): exact bytes out over a keep-alive agent, the
 * answer read back with a bound, failures turned into a result with a plain-English reason. Redirects
 * are never followed: a 3xx is the answer.
 */
import http from 'node:http';
import https from 'node:https';

export interface ExchangeRequest {
  url: URL;
  method: string;
  /** Request-target: path and raw query, sent exactly as given. */
  path: string;
  /** Flat [name, value, ...] list, sent in this order and case. */
  headers: string[];
  body: Buffer;
}

export interface ExchangeOptions {
  timeoutMs: number;
  /** Read at most this much of the answer into memory; a longer body is handed over as a stream. */
  bufferCap: number;
  agents?: Agents;
}

export type Exchange =
  | {
      ok: true;
      status: number;
      statusMessage: string;
      rawHeaders: string[];
      /** The answer's body, or its first `bufferCap` bytes when `rest` is set. */
      body: Buffer;
      /** The unread remainder of an answer longer than `bufferCap` (paused), else null. */
      rest: http.IncomingMessage | null;
      durationMs: number;
    }
  | { ok: false; kind: 'unreachable' | 'timeout' | 'failed'; message: string; durationMs: number };

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/** Keep-alive agents; LIFO so a burst reuses the warmest sockets and idle ones age out. */
export function createAgents(): Agents {
  const options = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' as const };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

export function destroyAgents(agents: Agents): void {
  agents.http.destroy();
  agents.https.destroy();
}

let defaultAgents: Agents | null = null;

export async function exchange(request: ExchangeRequest, options: ExchangeOptions): Promise<Exchange> {
  const started = performance.now();
  const agents = options.agents ?? (defaultAgents ??= createAgents());
  // A keep-alive socket the app closed while idle fails at once with ECONNRESET; the request never
  // reached the app, so one retry on a fresh socket is safe (the pattern Node's docs recommend).
  for (let attempt = 0; ; attempt++) {
    const result = await once(request, options, agents, started);
    if ('retry' in result && attempt === 0) continue;
    if ('retry' in result) return result.failure;
    return result;
  }
}

type Once = Exchange | { retry: true; failure: Exchange };

function once(request: ExchangeRequest, options: ExchangeOptions, agents: Agents, started: number): Promise<Once> {
  const { url } = request;
  const secure = url.protocol === 'https:';
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  return new Promise((resolve) => {
    let settled = false;
    let sawResponse = false;
    const finish = (value: Once) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    let req: http.ClientRequest;
    try {
      req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (secure ? 443 : 80),
        method: request.method,
        path: request.path,
        headers: request.headers as unknown as http.OutgoingHttpHeaders,
        agent: secure ? agents.https : agents.http,
        setHost: false,
      });
    } catch (error) {
      // Invalid method, path or header bytes: node:http refuses before anything is sent.
      return finish({ ok: false, kind: 'failed', message: `the request cannot be sent as is: ${(error as Error).message}`, durationMs: elapsed() });
    }
    const timer = setTimeout(() => {
      req.destroy();
      finish({ ok: false, kind: 'timeout', message: `no complete answer within ${formatMs(options.timeoutMs)}`, durationMs: elapsed() });
    }, options.timeoutMs);
    timer.unref();

    req.on('error', (error: NodeJS.ErrnoException) => {
      const failure: Exchange = { ok: false, kind: unreachable(error) ? 'unreachable' : 'failed', message: describe(error, url), durationMs: elapsed() };
      if (!sawResponse && req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) return finish({ retry: true, failure });
      finish(failure);
    });
    req.on('response', (res) => {
      sawResponse = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > options.bufferCap) {
          res.pause();
          res.off('data', onData);
          res.off('end', onEnd);
          finish({ ok: true, status: res.statusCode ?? 502, statusMessage: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: Buffer.concat(chunks, size), rest: res, durationMs: elapsed() });
        }
      };
      const onEnd = () => {
        finish({ ok: true, status: res.statusCode ?? 502, statusMessage: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), rest: null, durationMs: elapsed() });
      };
      res.on('data', onData);
      res.on('end', onEnd);
      res.on('error', (error) => finish({ ok: false, kind: 'failed', message: `the answer was cut short: ${error.message}`, durationMs: elapsed() }));
      res.on('aborted', () => finish({ ok: false, kind: 'failed', message: 'the app closed the connection in the middle of its answer', durationMs: elapsed() }));
    });
    req.end(request.body);
  });
}

function unreachable(error: NodeJS.ErrnoException): boolean {
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(error.code ?? '');
}

function describe(error: NodeJS.ErrnoException, url: URL): string {
  const where = url.host;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused: nothing listens on ${where} — is your app running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host ${url.hostname} cannot be resolved`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached from this machine`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `the app at ${where} closed the connection without answering`;
    default:
      return `${error.code ? error.code + ': ' : ''}${error.message}`;
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
