/**
 * Turns a request from the ngrok inspector (GET /api/requests/http) into a hookscope capture. The
 * inspector keeps the raw bytes it sent upstream (base64 `raw`): parsed here so header order, case,
 * duplicates and the exact body survive. Without raw bytes the header map is used, and the body is
 * unknown (recorded empty and truncated).
 */
import type { ForwardedResponse, HeaderPair } from '../../shared/api.js';
import type { NewRequest } from '../store/repository.js';
import type { NgrokCapturedRequest } from './ngrok-agent.js';

interface RawMessage {
  startLine: string;
  headers: HeaderPair[];
  body: Buffer;
}

/** Split raw HTTP/1.x bytes into start line, headers and body (chunked bodies decoded). */
export function parseRawMessage(raw: Buffer): RawMessage | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const [startLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: HeaderPair[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  let body = raw.subarray(end + 4);
  const te = headers.find(([n]) => n.toLowerCase() === 'transfer-encoding')?.[1].toLowerCase();
  if (te?.includes('chunked')) body = dechunk(body) ?? body;
  return { startLine: startLine ?? '', headers, body };
}

function dechunk(data: Buffer): Buffer | null {
  const out: Buffer[] = [];
  let i = 0;
  while (i < data.length) {
    const lineEnd = data.indexOf('\r\n', i);
    if (lineEnd === -1) return null;
    const size = parseInt(data.subarray(i, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size)) return null;
    if (size === 0) break;
    out.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    i = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

function mapHeaders(map: Record<string, string[]> | undefined): HeaderPair[] {
  const out: HeaderPair[] = [];
  for (const [name, values] of Object.entries(map ?? {})) for (const value of Array.isArray(values) ? values : [String(values)]) out.push([name, String(value)]);
  return out;
}

export function importedRequest(item: NgrokCapturedRequest): NewRequest | null {
  const req = item.request;
  if (!req) return null;
  const raw = req.raw ? parseRawMessage(Buffer.from(req.raw, 'base64')) : null;
  let method = req.method ?? 'GET';
  let target = req.uri ?? '/';
  let httpVersion = (req.proto ?? 'HTTP/1.1').replace(/^HTTP\//, '');
  let headers = mapHeaders(req.headers);
  let body: Buffer = Buffer.alloc(0);
  let truncated = false;
  if (raw) {
    const m = /^(\S+) (\S+) HTTP\/(\d(?:\.\d)?)$/.exec(raw.startLine);
    if (m) {
      method = m[1]!;
      target = m[2]!;
      httpVersion = m[3]!;
    }
    headers = raw.headers;
    body = raw.body;
  } else {
    truncated = headers.some(([n, v]) => n.toLowerCase() === 'content-length' && Number(v) > 0);
  }
  const declared = Number(headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1]);
  // ngrok keeps only the start of a long body: what arrived short of Content-Length is truncated.
  if (Number.isFinite(declared) && declared > body.length) truncated = true;
  const received = item.start ? Date.parse(item.start) : NaN;
  const q = target.indexOf('?');
  return {
    receivedAt: Number.isFinite(received) ? received : Date.now(),
    method,
    url: target,
    path: q === -1 ? target : target.slice(0, q),
    httpVersion,
    remoteAddress: item.remote_addr ?? '',
    headers,
    contentType: headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? null,
    body,
    declaredSize: Number.isFinite(declared) ? declared : null,
    truncated,
    verification: null,
  };
}

/** The app's answer as ngrok saw it, recorded like a forwarded response. */
export function importedResponse(item: NgrokCapturedRequest, cap: number): ForwardedResponse | null {
  const res = item.response;
  if (!res) return null;
  const raw = res.raw ? parseRawMessage(Buffer.from(res.raw, 'base64')) : null;
  const status = res.status_code ?? Number(/^HTTP\/\S+ (\d{3})/.exec(raw?.startLine ?? '')?.[1] ?? 0);
  const body = raw?.body ?? Buffer.alloc(0);
  return {
    status,
    headers: raw?.headers ?? mapHeaders(res.headers),
    body: body.subarray(0, cap).toString('base64'),
    // ngrok reports the duration in nanoseconds.
    durationMs: typeof item.duration === 'number' ? Math.round(item.duration / 1e4) / 100 : 0,
    size: body.length,
    ...(body.length > cap ? { truncated: true } : {}),
  };
}
