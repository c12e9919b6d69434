/**
 * Canned answers of the capture port when hookscope is not forwarding: per path glob a status, headers,
 * a body and an optional delay — to watch how a provider retries after a 500 or gives up on a timeout.
 * Paths that no rule covers keep the default `200 {"id": ...}`.
 */
import type http from 'node:http';
import type { CannedResponse, HeaderPair } from '../../shared/api.js';
import { pathMatches } from '../../shared/verify/endpoints.js';

/** Long enough to outlast every provider's delivery timeout (Stripe, GitHub, Twilio: 10–15 s). */
export const MAX_DELAY_MS = 300_000;
const MAX_RULES = 200;
const MAX_BODY = 1024 * 1024;

/** Headers a canned answer may not set: framing is ours, or the connection would break. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer']);

/**
 * Validate canned responses from the config file or the API. Headers may be given as pairs or as an
 * object. Throws an Error naming the first problem (`where` prefixes it).
 */
export function checkCannedResponses(value: unknown, where: string): CannedResponse[] {
  if (!Array.isArray(value)) throw new Error(`${where} must be a list of { "path", "status", "headers"?, "body"?, "delayMs"? }`);
  if (value.length > MAX_RULES) throw new Error(`${where}: at most ${MAX_RULES} rules`);
  return value.map((raw, i) => {
    const at = `${where}[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${at} must be an object`);
    const r = raw as Record<string, unknown>;
    if (typeof r.path !== 'string' || !r.path.startsWith('/')) throw new Error(`${at}: "path" must be a path glob starting with /`);
    const status = Number(r.status ?? 200);
    if (!Number.isInteger(status) || status < 200 || status > 599) throw new Error(`${at}: "status" must be a status code from 200 to 599`);
    const out: CannedResponse = { path: r.path, status };
    if (r.headers !== undefined) out.headers = checkHeaders(r.headers, at);
    if (r.body !== undefined) {
      if (typeof r.body !== 'string') throw new Error(`${at}: "body" must be a string`);
      if (Buffer.byteLength(r.body) > MAX_BODY) throw new Error(`${at}: "body" is limited to ${MAX_BODY} bytes`);
      out.body = r.body;
    }
    if (r.delayMs !== undefined) {
      const delay = Number(r.delayMs);
      if (!Number.isInteger(delay) || delay < 0 || delay > MAX_DELAY_MS) throw new Error(`${at}: "delayMs" must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}`);
      out.delayMs = delay;
    }
    return out;
  });
}

function checkHeaders(value: unknown, at: string): HeaderPair[] {
  if (!value || typeof value !== 'object') throw new Error(`${at}: "headers" must be an object or a list of [name, value] pairs`);
  const pairs: unknown[] = Array.isArray(value) ? value : Object.entries(value);
  return pairs.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new Error(`${at}: each header must be a [name, value] pair of strings`);
    }
    const [name, v] = pair as [string, string];
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new Error(`${at}: ${JSON.stringify(name)} is not a valid header name`);
    if (/[\r\n\0]/.test(v)) throw new Error(`${at}: the value of ${name} contains a line break`);
    if (FRAMING.has(name.toLowerCase())) throw new Error(`${at}: ${name} cannot be set (hookscope frames the answer itself)`);
    return [name, v];
  });
}

/** The live rule set (replaced whole from the API); `match` is what the capture path calls. */
export class CannedResponses {
  private rules: CannedResponse[];

  constructor(initial: CannedResponse[] = []) {
    this.rules = initial;
  }

  list(): CannedResponse[] {
    return this.rules;
  }

  set(rules: CannedResponse[]): void {
    this.rules = rules;
  }

  /** The first rule covering `path`. Cheap when there are none: the default answer pays nothing. */
  match(path: string): CannedResponse | undefined {
    const rules = this.rules;
    if (rules.length === 0) return undefined;
    for (const rule of rules) if (pathMatches(rule.path, path)) return rule;
    return undefined;
  }
}

/** Answer the caller with a canned rule (after its delay). `{{id}}` in the body becomes the request id. */
export function sendCanned(res: http.ServerResponse, rule: CannedResponse, id: string): void {
  const write = () => {
    if (res.destroyed || res.headersSent) return;
    const body = rule.body === undefined ? JSON.stringify({ id }) : rule.body.split('{{id}}').join(id);
    const headers: string[] = [];
    let hasType = false;
    for (const [name, value] of rule.headers ?? []) {
      if (name.toLowerCase() === 'content-type') hasType = true;
      headers.push(name, value);
    }
    if (!hasType) headers.push('Content-Type', rule.body === undefined ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8');
    headers.push('Content-Length', String(Buffer.byteLength(body)));
    res.writeHead(rule.status, headers);
    res.end(body);
  };
  if (!rule.delayMs) return write();
  const timer = setTimeout(write, rule.delayMs);
  timer.unref();
  // A provider that gives up (its timeout) closes the connection: nothing left to answer.
  res.once('close', () => clearTimeout(timer));
}
