/**
 * The capture listener: the port a tunnel exposes to the internet. Any method, any path; it never
 * serves the UI, the API or the WebSocket. Each request is recorded byte-exact and answered only after
 * its row is committed.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { HeaderPair } from '../../shared/api.js';
import type { VerificationResult } from '../../shared/verify/types.js';
import { readBodyThen } from './body-reader.js';
import type { CommitQueue } from './commit-queue.js';
import type { NewRequest } from '../store/repository.js';
import { sendCanned, type CannedResponses } from '../forward/canned-responses.js';
import { writeJson } from '../api/http-json.js';

export interface CaptureOptions {
  maxBody: number;
  queue: CommitQueue;
  /** Verification runs before the row is stored, so the first live push already carries the verdict. */
  verify(row: NewRequest): VerificationResult | null;
  log(message: string): void;
  /** Forward mode: called once the row is committed; sends it to the app and answers with the app's answer. */
  forward?(seq: number, row: NewRequest, res: http.ServerResponse): Promise<void>;
  /** Canned answers per path (used when not forwarding). */
  canned?: CannedResponses;
}

/** How long a client may keep sending an oversize body after we answered 413 before we drop it. */
const DRAIN_AFTER_413_MS = 5_000;

export function createCaptureServer(options: CaptureOptions): http.Server {
  const server = http.createServer(
    {
      // Slowloris and oversized headers: bounded (Node answers 431 past maxHeaderSize).
      headersTimeout: 20_000,
      requestTimeout: 120_000,
      maxHeaderSize: 16 * 1024,
      keepAliveTimeout: 5_000,
    },
    (req, res) => handleCapture(req, res, options),
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // Garbage bytes, oversized headers, timeouts: answer if we still can, never crash.
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}

/** Callbacks, not async/await: this runs for every captured request and each await costs a promise and a microtask. */
function handleCapture(req: http.IncomingMessage, res: http.ServerResponse, options: CaptureOptions): void {
  const receivedAt = Date.now();
  // A client that goes away mid-body is never acknowledged and there is nobody to answer: no callback then.
  readBodyThen(req, options.maxBody, ({ body, truncated }) => {
    const row = toNewRequest(req, body, truncated, receivedAt);
    row.verification = safeVerify(options, row);
    options.queue.enqueueThen(row, (error, seq) => {
      try {
        if (error) refuseUnstored(res, row, error, options);
        else answerStored(req, res, row, seq, truncated, options);
      } catch (failure) {
        failed(res, failure, options);
      }
    });
  }, { reportAborts: false });
}

/** A bug on our side: log it and answer 500 if we still can; never crash the listener. */
function failed(res: http.ServerResponse, error: unknown, options: CaptureOptions): void {
  options.log(`capture failed: ${(error as Error).message}`);
  if (!res.headersSent) writeJson(res, 500, { error: { code: 'internal', message: 'hookscope could not record this request' } });
}

function refuseUnstored(res: http.ServerResponse, row: NewRequest, error: Error, options: CaptureOptions): void {
  options.log(`could not store ${row.method} ${row.url}: ${error.message}`);
  writeJson(res, 503, { error: { code: 'store-unavailable', message: `hookscope could not store this request (${error.message}); it was not recorded, retry later` } });
}

function answerStored(req: http.IncomingMessage, res: http.ServerResponse, row: NewRequest, seq: number, truncated: boolean, options: CaptureOptions): void {
  const id = String(seq);
  if (truncated) {
    res.setHeader('Connection', 'close');
    writeJson(res, 413, {
      id,
      error: {
        code: 'body-too-large',
        message: `body exceeds the ${options.maxBody}-byte limit (--max-body); its first ${row.body.length} bytes were recorded as request ${id}`,
      },
    });
    // Let the client finish sending so it can read the answer, but not forever.
    req.resume();
    setTimeout(() => req.socket.destroy(), DRAIN_AFTER_413_MS).unref();
    return;
  }
  if (options.forward) {
    options.forward(seq, row, res).catch((error: unknown) => failed(res, error, options));
    return;
  }
  const canned = options.canned?.match(row.path);
  if (canned) return sendCanned(res, canned, id);
  writeJson(res, 200, { id });
}

function safeVerify(options: CaptureOptions, row: NewRequest): VerificationResult | null {
  try {
    return options.verify(row);
  } catch (error) {
    // A bug in a scheme must not cost the capture: store the request unverified and say why.
    options.log(`verification failed for ${row.method} ${row.url}: ${(error as Error).message}`);
    return null;
  }
}

export function toNewRequest(req: http.IncomingMessage, body: Buffer, truncated: boolean, receivedAt: number): NewRequest {
  // One pass over the raw pairs; `req.headers` would build a second, merged copy on every request.
  const headers: HeaderPair[] = [];
  let contentType: string | null = null;
  let contentLength: string | undefined;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    headers.push([name, raw[i + 1]!]);
    if (name.length === 12 && contentType === null && name.toLowerCase() === 'content-type') contentType = raw[i + 1]!;
    else if (name.length === 14 && contentLength === undefined && name.toLowerCase() === 'content-length') contentLength = raw[i + 1]!;
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const declared = Number(contentLength);
  return {
    receivedAt,
    method: req.method ?? 'GET',
    url,
    path: q === -1 ? url : url.slice(0, q),
    httpVersion: req.httpVersion,
    remoteAddress: req.socket.remoteAddress ?? '',
    headers,
    contentType,
    body,
    declaredSize: contentLength !== undefined && Number.isFinite(declared) ? declared : null,
    truncated,
    verification: null,
  };
}
