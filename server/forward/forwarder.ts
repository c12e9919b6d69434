/**
 * Forward mode: each captured request, once committed, goes to the app with its method, path, raw
 * query, headers (hop-by-hop ones removed, Host per --forward-host-header) and exact body bytes; the
 * app's answer is recorded on the request and passed back to the caller unchanged. App down → 502, too
 * slow → 504, both recorded as the request's response error.
 */
import type http from 'node:http';
import type { ForwardedResponse, HeaderPair } from '../../shared/api.js';
import type { LiveHub } from '../live/live-hub.js';
import { RequestRepository, type NewRequest } from '../store/repository.js';
import type { ResponseRecorder } from './response-recorder.js';
import type { TerminalFeed } from '../live/terminal-feed.js';
import { withAppRejected } from './app-rejected.js';
import { writeJson } from '../api/http-json.js';
import { outgoingHeaders, passBackHeaders, type PassBack } from './hop-by-hop.js';
import { createAgents, destroyAgents, exchange, formatMs, type Agents, type Exchange, type ExchangeRequest } from './http-exchange.js';

/** How much of an answer is kept on the request (the caller always gets all of it). */
export const RECORDED_BODY_CAP = 256 * 1024;
/** Answers up to this size are read whole before the caller is answered; longer ones are streamed. */
export const BUFFER_CAP = 8 * 1024 * 1024;

export interface ForwarderOptions {
  /** Base URL of the app; its path (if any) is a prefix put before each request's path. */
  target: string;
  timeoutMs: number;
  /** 'keep' | 'rewrite' | a literal host[:port]. */
  hostHeader: string;
}

export interface Outgoing {
  method: string;
  /** Path and raw query as received (`/hooks?x=1`). */
  url: string;
  headers: readonly HeaderPair[];
  body: Buffer;
}

export class Forwarder {
  readonly target: URL;
  readonly timeoutMs: number;
  readonly hostHeader: string;
  private readonly agents: Agents = createAgents();

  constructor(options: ForwarderOptions) {
    this.target = new URL(options.target);
    this.timeoutMs = options.timeoutMs;
    this.hostHeader = options.hostHeader;
  }

  /** Send `request` to `base` (default: the --forward URL), the path appended to the base's path. */
  send(request: Outgoing, base: URL = this.target, hostHeader = this.hostHeader): Promise<Exchange> {
    return exchange(toExchangeRequest(base, request, hostHeader), { timeoutMs: this.timeoutMs, bufferCap: BUFFER_CAP, agents: this.agents });
  }

  close(): void {
    destroyAgents(this.agents);
  }
}

/** The request-target under `base`: the base's path (if any) as a prefix, then path and raw query. */
export function targetPath(base: URL, url: string): string {
  const prefix = base.pathname === '/' ? '' : base.pathname.replace(/\/+$/, '');
  return prefix + (url.startsWith('/') ? url : '/' + url);
}

/** The exact request node:http sends for `request` to `base`. */
export function toExchangeRequest(base: URL, request: Outgoing, hostHeader: string): ExchangeRequest {
  return {
    url: base,
    method: request.method,
    path: targetPath(base, request.url),
    headers: outgoingHeaders(request.headers, { hostHeader, targetHost: base.host, bodyLength: request.body.length }),
    body: request.body,
  };
}

/** What is stored on the request (or an attempt) for an exchange. */
export function recordedResponse(result: Exchange, headers?: PassBack): ForwardedResponse {
  if (!result.ok) {
    return { status: result.kind === 'timeout' ? 504 : 502, headers: [], body: '', durationMs: result.durationMs, error: result.message };
  }
  const { pairs } = headers ?? passBackHeaders(result.rawHeaders);
  const declared = Number(pairs.find(([n]) => n.toLowerCase() === 'content-length')?.[1]);
  const size = result.rest && Number.isFinite(declared) ? declared : result.body.length;
  const kept = result.body.length > RECORDED_BODY_CAP ? result.body.subarray(0, RECORDED_BODY_CAP) : result.body;
  return {
    status: result.status,
    headers: pairs,
    body: kept.toString('base64'),
    durationMs: result.durationMs,
    size,
    ...(kept.length < size || result.rest ? { truncated: true } : {}),
  };
}

export interface ForwardCaptureDeps {
  forwarder: Forwarder;
  recorder: ResponseRecorder;
  hub: LiveHub;
  log(message: string): void;
  /** The terminal feed, told of each answer (null when not printing). */
  feed?: TerminalFeed | null;
}

/**
 * The capture port's answer in forward mode, called once the row is committed: forward, record, cross-
 * check the verdict against the app's status, push the update live, then answer with the app's answer.
 * Never throws: whatever happens, the caller gets an answer.
 */
export async function forwardCaptured(deps: ForwardCaptureDeps, seq: number, row: NewRequest, res: http.ServerResponse): Promise<void> {
  const result = await deps.forwarder.send(row);
  const headers = result.ok ? passBackHeaders(result.rawHeaders) : undefined;
  const response = recordedResponse(result, headers);
  let rejectedValid = false;
  if (result.ok && (result.status === 401 || result.status === 403) && row.verification?.verdict === 'verified') {
    row.verification = withAppRejected(row.verification, result.status);
    rejectedValid = true;
  }
  try {
    await deps.recorder.record({ seq, response, ...(rejectedValid ? { verification: row.verification! } : {}) });
    if (deps.hub.clientCount > 0) {
      const summary = RequestRepository.summaryOf(seq, row);
      summary.responseStatus = response.error ? null : response.status;
      deps.hub.publishUpdated([summary]);
    }
  } catch (error) {
    // Recording the answer is a convenience; the caller must still get the app's answer.
    deps.log(`could not record the app's answer to request ${seq}: ${(error as Error).message}`);
  }
  deps.feed?.answered(seq, response, rejectedValid ? row.verification! : undefined);
  if (!result.ok) {
    const target = deps.forwarder.target.origin;
    const code = result.kind === 'timeout' ? 'app-timeout' : result.kind === 'unreachable' ? 'app-unreachable' : 'forward-failed';
    const message =
      result.kind === 'timeout'
        ? `hookscope recorded this request as ${seq} and forwarded it to ${target}, but the app sent no complete answer within ${formatMs(deps.forwarder.timeoutMs)} (--forward-timeout)`
        : `hookscope recorded this request as ${seq} but could not forward it to ${target}: ${result.message}`;
    return answerJson(res, response.status, { id: String(seq), error: { code, message } });
  }
  passBack(result, headers!, row.method, res);
}

/** Answer the caller with the app's answer: status, reason, headers (hop-by-hop removed) and body. */
function passBack(result: Extract<Exchange, { ok: true }>, headers: PassBack, method: string, res: http.ServerResponse): void {
  const { flat, hasLength } = headers;
  const bodiless = method === 'HEAD' || result.status === 204 || result.status === 304 || result.status < 200;
  if (!result.rest && !hasLength && !bodiless) flat.push('Content-Length', String(result.body.length));
  try {
    res.writeHead(result.status, result.statusMessage, flat);
  } catch (error) {
    // A header node:http refuses to send (invalid characters): say so rather than hang up.
    return answerJson(res, 502, { error: { code: 'forward-failed', message: `the app's answer cannot be passed back: ${(error as Error).message}` } });
  }
  if (!result.rest) {
    res.end(result.body);
    return;
  }
  res.write(result.body);
  result.rest.on('error', () => res.destroy());
  result.rest.pipe(res);
}

/** The provider's answer when the app's cannot be passed on, unless part of one was already sent. */
function answerJson(res: http.ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.destroyed) return;
  writeJson(res, status, value);
}
