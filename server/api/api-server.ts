/**
 * The UI/API listener: REST API, the built UI and the live WebSocket, on loopback only. Every request
 * passes the access guard first (Host allowlist, Origin, token).
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { checkRequest, checkUpgrade, type AccessPolicy } from './access-guard.js';
import { ApiError, sendError } from './http-json.js';
import type { Router } from './router.js';
import { serveUi } from './static-ui.js';
import type { LiveHub } from '../live/live-hub.js';

export interface ApiServerOptions {
  policy: AccessPolicy;
  router: Router;
  hub: LiveHub;
  uiDir: string;
  log(message: string): void;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createApiServer(options: ApiServerOptions): http.Server {
  const server = http.createServer({ headersTimeout: 20_000, requestTimeout: 60_000 }, (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      options.log(`api error on ${req.method} ${req.url}: ${(error as Error).stack ?? error}`);
      if (!res.headersSent) sendError(res, 500, 'internal', 'internal error; see the hookscope log');
      else res.destroy();
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => handleUpgrade(options, req, socket, head));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    // Same answers as the capture port: 431 past the header limit, 408 on a timeout, else 400.
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}

async function handle(options: ApiServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return sendError(res, 400, 'bad-request', 'malformed request target');
  }
  // Built scripts and styles hold nothing private; the page itself carries the token, so it does not.
  const publicAsset = !url.pathname.startsWith('/api/') && /\.[a-z0-9]+$/i.test(url.pathname) && !url.pathname.endsWith('.html');
  const decision = checkRequest(options.policy, req, STATE_CHANGING.has(method), url.searchParams.get('token'), publicAsset);
  if (!decision.ok) return sendError(res, decision.status, decision.code, decision.message);
  if (url.pathname.startsWith('/api/')) {
    const found = options.router.find(method, url.pathname);
    if (found === null) return sendError(res, 404, 'not-found', `no API route ${url.pathname}`);
    if (found === 'method') return sendError(res, 405, 'method-not-allowed', `${method} is not allowed on ${url.pathname}`);
    try {
      await found.handler({ req, res, url, params: found.params });
    } catch (error) {
      if (error instanceof ApiError) return sendError(res, error.status, error.code, error.message);
      throw error;
    }
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') return sendError(res, 405, 'method-not-allowed', 'the UI is read-only');
  await serveUi(options.uiDir, options.policy.token, url.pathname, res);
}

function handleUpgrade(options: ApiServerOptions, req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return void socket.destroy();
  }
  if (url.pathname !== '/api/live') return void socket.destroy();
  const decision = checkUpgrade(options.policy, req, url.searchParams.get('token'));
  if (!decision.ok) {
    socket.end(`HTTP/1.1 ${decision.status} Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
    return;
  }
  options.hub.accept(req, socket, head);
}
