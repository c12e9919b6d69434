/**
 * The pieces around hookscope in a real set-up, on loopback:
 * - `startTestTunnel`: an ngrok-like reverse proxy. It stands for the public edge (https://<id>.ngrok-free.app)
 *   and forwards plain http to its target as ngrok does: Host kept as the public host (ngrok's default)
 *   or rewritten (`--host-header=rewrite` / a literal), X-Forwarded-For/-Host/-Proto appended, and each
 *   exchange reported the way ngrok's inspector records it (raw bytes, base64), for the fake agent.
 * - `startTestApp`: the developer's app behind hookscope; records every request byte-exact.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HeaderPair } from '../../shared/api.js';
import type { NgrokCapturedRequest } from '../../server/tunnel/ngrok-agent.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade']);

export interface TestTunnel {
  /** Where a test "provider" connects (the stand-in for the public edge). */
  url: string;
  /** The public URL this tunnel pretends to serve. */
  publicUrl: string;
  name: string;
  close(): Promise<void>;
}

export interface TestTunnelOptions {
  /** Upstream, e.g. hookscope's capture URL or the app. */
  target: string;
  publicUrl?: string;
  name?: string;
  /** 'preserve' (ngrok's default: Host is the public host), 'rewrite' (the target's host) or a literal. */
  hostHeader?: string;
  /** Set X-Forwarded-For/-Host/-Proto (default true, as ngrok does). */
  forwardedHeaders?: boolean;
  /** Called with each exchange as ngrok's inspector records it. */
  onExchange?(entry: NgrokCapturedRequest): void;
}

export async function startTestTunnel(options: TestTunnelOptions): Promise<TestTunnel> {
  const publicUrl = (options.publicUrl ?? `https://${randomBytes(4).toString('hex')}.ngrok-free.app`).replace(/\/+$/, '');
  const pub = new URL(publicUrl);
  const target = new URL(options.target);
  const name = options.name ?? 'command_line';
  const agent = new http.Agent({ keepAlive: true });
  let seq = 0;

  const server = http.createServer((req, res) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers: HeaderPair[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const n = req.rawHeaders[i]!;
        const lower = n.toLowerCase();
        if (HOP_BY_HOP.has(lower) || lower === 'content-length') continue;
        if (lower === 'host') {
          const host = options.hostHeader === undefined || options.hostHeader === 'preserve' ? pub.host : options.hostHeader === 'rewrite' ? target.host : options.hostHeader;
          headers.push(['Host', host]);
          continue;
        }
        headers.push([n, req.rawHeaders[i + 1]!]);
      }
      if (!headers.some(([n]) => n.toLowerCase() === 'host')) headers.unshift(['Host', pub.host]);
      headers.push(['Content-Length', String(body.length)]);
      if (options.forwardedHeaders !== false) {
        headers.push(['X-Forwarded-For', (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '')], ['X-Forwarded-Host', pub.host], ['X-Forwarded-Proto', pub.protocol.slice(0, -1)]);
      }
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: headers.flat(), agent, setHost: false },
        (up) => {
          const upChunks: Buffer[] = [];
          up.on('data', (c: Buffer) => upChunks.push(c));
          up.on('end', () => {
            const upBody = Buffer.concat(upChunks);
            const passBack: string[] = [];
            for (let i = 0; i < up.rawHeaders.length; i += 2) if (!HOP_BY_HOP.has(up.rawHeaders[i]!.toLowerCase())) passBack.push(up.rawHeaders[i]!, up.rawHeaders[i + 1]!);
            if (!passBack.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-length')) passBack.push('Content-Length', String(upBody.length));
            res.writeHead(up.statusCode ?? 502, up.statusMessage, passBack);
            res.end(upBody);
            options.onExchange?.(inspectorEntry(++seq, name, req, headers, body, up, upBody, started));
          });
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`tunnel: upstream ${target.host} failed: ${error.message}`);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    publicUrl,
    name,
    close: () => closeServer(server, agent),
  };
}

/** A captured request in the shape of ngrok's GET /api/requests/http entries. */
function inspectorEntry(n: number, tunnel: string, req: http.IncomingMessage, sent: HeaderPair[], body: Buffer, up: http.IncomingMessage, upBody: Buffer, started: number): NgrokCapturedRequest {
  const rawRequest = Buffer.concat([Buffer.from(`${req.method} ${req.url} HTTP/1.1\r\n${sent.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'latin1'), body]);
  const upPairs: HeaderPair[] = [];
  for (let i = 0; i < up.rawHeaders.length; i += 2) upPairs.push([up.rawHeaders[i]!, up.rawHeaders[i + 1]!]);
  const rawResponse = Buffer.concat([Buffer.from(`HTTP/1.1 ${up.statusCode} ${up.statusMessage}\r\n${upPairs.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'latin1'), upBody]);
  const toMap = (pairs: HeaderPair[]) => {
    const map: Record<string, string[]> = {};
    for (const [k, v] of pairs) (map[k] ??= []).push(v);
    return map;
  };
  return {
    uri: `/api/requests/http/${String(n).padStart(16, '0')}`,
    id: `${started.toString(16)}${String(n).padStart(8, '0')}`,
    tunnel_name: `${tunnel} (http)`,
    remote_addr: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
    start: new Date(started).toISOString(),
    duration: (Date.now() - started) * 1e6,
    request: { method: req.method, proto: 'HTTP/1.1', headers: toMap(sent), uri: req.url, raw: rawRequest.toString('base64') },
    response: { status: `${up.statusCode} ${up.statusMessage}`, status_code: up.statusCode, proto: 'HTTP/1.1', headers: toMap(upPairs), raw: rawResponse.toString('base64') },
  } as NgrokCapturedRequest & { uri: string };
}

export interface SeenRequest {
  method: string;
  /** Request-target as received: path and raw query. */
  url: string;
  headers: HeaderPair[];
  body: Buffer;
  sha256: string;
}

export interface TestApp {
  url: string;
  port: number;
  seen: SeenRequest[];
  /** TCP connections accepted so far (keep-alive reuse shows as 1). */
  readonly connections: number;
  /** Resolves with the next request the app receives (or one already received and not yet taken). */
  next(): Promise<SeenRequest>;
  close(): Promise<void>;
}

export type AppHandler = (seen: SeenRequest, res: http.ServerResponse) => void;

/** An app that records each request and answers with `handler` (default: 200 "ok"). */
export async function startTestApp(handler: AppHandler = (_s, res) => res.end('ok')): Promise<TestApp> {
  const seen: SeenRequest[] = [];
  let taken = 0;
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers: HeaderPair[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      const s: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers, body, sha256: createHash('sha256').update(body).digest('hex') };
      seen.push(s);
      waiters.splice(0).forEach((w) => w());
      handler(s, res);
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    get connections() {
      return connections;
    },
    next() {
      return new Promise((resolve) => {
        const take = () => {
          if (taken < seen.length) return resolve(seen[taken++]!);
          waiters.push(take);
        };
        take();
      });
    },
    close: () => closeServer(server),
  };
}

function closeServer(server: http.Server, agent?: http.Agent): Promise<void> {
  agent?.destroy();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
