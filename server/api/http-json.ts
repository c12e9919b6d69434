import type http from 'node:http';
import { readBody } from '../capture/body-reader.js';

/** Thrown by handlers; turned into the contract's `{ error: { code, message } }` with `status`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** A JSON answer with its length and nothing else: what the capture port sends providers. */
export function writeJson(res: http.ServerResponse, status: number, value: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(value);
  const length = String(Buffer.byteLength(text));
  // The capture port answers every request through here: a flat name/value list is the cheapest form
  // node:http takes (no object to walk); extra headers (the API's) keep the object form's precedence.
  res.writeHead(status, headers ? { 'Content-Type': JSON_TYPE, 'Content-Length': length, ...headers } : ['Content-Type', JSON_TYPE, 'Content-Length', length]);
  res.end(text);
}

/** An API answer: JSON that browsers must neither cache nor sniff. */
export function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  writeJson(res, status, value, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
}

export function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

const MAX_JSON_BODY = 1024 * 1024;

/** Read a JSON request body; state-changing endpoints accept JSON only (no form-post CSRF). */
export async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new ApiError(415, 'unsupported-media-type', 'send the body as application/json');
  const { body, truncated, aborted } = await readBody(req, MAX_JSON_BODY);
  if (aborted) throw new ApiError(400, 'bad-request', 'the request body was cut short');
  if (truncated) throw new ApiError(413, 'body-too-large', `JSON bodies are limited to ${MAX_JSON_BODY} bytes`);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new ApiError(400, 'invalid-json', 'the request body is not valid JSON');
  }
}
