/**
 * Exact bytes over a raw TCP socket, for what an HTTP client library refuses to send: no Host header,
 * malformed Host/Origin values, garbage instead of HTTP, hand-made WebSocket handshakes, dribbled
 * headers. Every exchange is bounded by a timeout and always destroys its socket.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface Exchange {
  /** Everything the server sent before closing (or before we stopped waiting). */
  raw: Buffer;
  /** The status code of the first response line, null when there was none. */
  status: number | null;
  /** Response head lines after the status line, as [name, value]. */
  headers: Array<[string, string]>;
  /** Bytes after the response head. */
  body: Buffer;
  /** The server closed (or reset) the connection before the timeout. */
  closed: boolean;
  /** The connection was reset (ECONNRESET / EPIPE) rather than closed cleanly. */
  reset: boolean;
}

function endpoint(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) };
}

/**
 * Send `bytes`, then collect the answer until the server closes, until the response head is complete
 * (`untilHead`, for upgrades that stay open) or until `timeoutMs`. Never rejects.
 */
export function exchange(url: string, bytes: Buffer | string, options: { timeoutMs?: number; untilHead?: boolean; end?: boolean } = {}): Promise<Exchange> {
  const { host, port } = endpoint(url);
  const timeoutMs = options.timeoutMs ?? 3_000;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let reset = false;
    let done = false;
    const socket = net.connect(port, host);
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks), closed, reset));
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.untilHead && Buffer.concat(chunks).includes('\r\n\r\n')) finish(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') reset = true;
    });
    socket.on('close', () => finish(true));
    // `end`: half-close after sending, so a server waiting for more bytes sees the end at once.
    if (options.end) socket.end(bytes);
    else socket.write(bytes);
  });
}

function parse(raw: Buffer, closed: boolean, reset: boolean): Exchange {
  const end = raw.indexOf('\r\n\r\n');
  const head = (end === -1 ? raw : raw.subarray(0, end)).toString('latin1');
  const [statusLine, ...lines] = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  return {
    raw,
    status: m ? Number(m[1]) : null,
    headers: m ? lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]) : [],
    body: end === -1 ? Buffer.alloc(0) : raw.subarray(end + 4),
    closed,
    reset,
  };
}

/** A request head from exact lines (no header added, none merged), CRLF-terminated. */
export function requestHead(requestLine: string, headers: Array<[string, string]>): string {
  return [requestLine, ...headers.map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
}

/** Try a WebSocket handshake with exactly these headers: 101 means the upgrade was accepted. */
export async function upgrade(url: string, target: string, headers: Array<[string, string]>): Promise<Exchange> {
  const head = requestHead(`GET ${target} HTTP/1.1`, [
    ...headers,
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
    ['Sec-WebSocket-Version', '13'],
  ]);
  return exchange(url, head, { untilHead: true, timeoutMs: 3_000 });
}

/** A connection is still accepted and answered: one small request round-trips. */
export async function serves(url: string, request = 'GET /api/info HTTP/1.1'): Promise<number | null> {
  const { host, port } = endpoint(url);
  const res = await exchange(url, requestHead(request, [['Host', `${host.includes(':') ? `[${host}]` : host}:${port}`], ['Connection', 'close']]));
  return res.status;
}
