/**
 * Replay a stored request: as is (byte-exact), edited (method, path, headers, body), or re-signed with
 * the provider's signer (configured secret, fresh timestamp and id, the target URL for URL-signed
 * schemes). Each replay is stored as an attempt on the request: what was sent and what came back, with
 * configured secret values masked before they are written.
 */
import { randomUUID } from 'node:crypto';
import type { HeaderPair, ReplayAttempt, ReplayEdits, ReplayRequest } from '../../shared/api.js';
import type { LiveHub } from '../live/live-hub.js';
import type { RequestRepository } from '../store/repository.js';
import { decodeText } from '../store/text-body.js';
import type { SecretScrubber } from '../verify/secret-scrubber.js';
import type { SecretStore } from '../verify/secret-store.js';
import { BUFFER_CAP, recordedResponse, targetPath, toExchangeRequest, type Forwarder, type Outgoing } from '../forward/forwarder.js';
import { createAgents, destroyAgents, exchange, type Agents } from '../forward/http-exchange.js';
import { FORWARDING_HEADERS, mergeHeaders, requireScheme, SignError, signingSecret, signRequest } from './resign.js';
import { TargetError, type TargetPolicy } from './target-policy.js';

/** The body of an attempt is stored up to this size (the request's own body is stored whole). */
const RECORDED_REQUEST_BODY = 1024 * 1024;
export const MAX_BATCH = 1000;

export class ReplayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ReplayerDeps {
  repository: RequestRepository;
  secrets: SecretStore;
  scrubber: SecretScrubber;
  hub: LiveHub;
  /** Forward mode: its URL is the default target and its Host policy applies to replays sent there. */
  forwarder: Forwarder | null;
  policy: TargetPolicy;
  timeoutMs: number;
}

export class Replayer {
  private readonly agents: Agents = createAgents();

  constructor(private readonly deps: ReplayerDeps) {}

  async replay(seq: number, request: ReplayRequest): Promise<ReplayAttempt> {
    const { repository, forwarder } = this.deps;
    const raw = repository.getRaw(seq);
    if (!raw) throw new ReplayError(404, 'not-found', `no request with id ${seq}`);
    const base = this.base(request.to);
    const edits = request.edits ?? {};
    const edited = Object.values(edits).some((v) => v !== undefined);

    let method = edits.method ?? raw.method;
    let path = edits.path ?? raw.url;
    let headers: HeaderPair[] = edits.headers ?? raw.headerPairs;
    let body = editedBody(edits) ?? raw.body;
    if (raw.truncated && editedBody(edits) === null) {
      throw new ReplayError(422, 'body-truncated', `only the first ${raw.body.length} bytes of request ${seq} were stored (--max-body), so it cannot be replayed as sent; replay it with an edited body`);
    }
    const isForwardTarget = forwarder !== null && base.href === forwarder.target.href;
    let hostHeader = isForwardTarget ? forwarder.hostHeader : 'keep';

    if (request.resign) {
      try {
        const scheme = requireScheme(raw.provider);
        const { secret, options } = signingSecret(scheme, this.deps.secrets, raw.path);
        const targetUrl = base.origin + targetPath(base, path);
        const signUrl = request.resignUrl === undefined ? targetUrl : this.absolute(request.resignUrl);
        if (scheme.signsUrl) {
          // The signature is for signUrl: make the request say so, as a tunnel in front of the app would.
          headers = headers.filter(([n]) => !FORWARDING_HEADERS.includes(n.toLowerCase()));
          headers = mergeHeaders(headers, [['Host', base.host]]);
          const signed = new URL(signUrl);
          if (signed.origin !== base.origin) headers.push(['X-Forwarded-Proto', signed.protocol.slice(0, -1)], ['X-Forwarded-Host', signed.host]);
          hostHeader = 'keep';
        }
        const out = signRequest(scheme, { method, url: signUrl, headers, body }, secret, options);
        headers = out.headers;
        body = out.body;
        if (out.url !== signUrl) path = adjustPath(path, out.url, signUrl === targetUrl ? base : null);
      } catch (error) {
        if (error instanceof SignError) throw new ReplayError(422, 'cannot-resign', error.message);
        throw error;
      }
    }

    const outgoing: Outgoing = { method, url: path, headers, body };
    const sent = toExchangeRequest(base, outgoing, hostHeader);
    const result = await exchange(sent, { timeoutMs: this.deps.timeoutMs, bufferCap: BUFFER_CAP, agents: this.agents });
    if (result.ok && result.rest) result.rest.destroy(); // the attempt keeps the first part; no one reads the rest

    const sentHeaders: HeaderPair[] = [];
    for (let i = 0; i < sent.headers.length; i += 2) sentHeaders.push([sent.headers[i]!, sent.headers[i + 1]!]);
    const to = base.origin + sent.path;
    const attempt: ReplayAttempt = this.scrub({
      id: randomUUID(),
      requestId: String(seq),
      createdAt: new Date().toISOString(),
      to,
      resigned: request.resign === true,
      ...(edited ? { edited: true } : {}),
      request: { method, url: to, headers: sentHeaders, body: body.subarray(0, RECORDED_REQUEST_BODY).toString('base64') },
      response: result.ok ? recordedResponse(result) : null,
      ...(result.ok ? {} : { error: result.message }),
    });
    repository.addAttempt(seq, attempt);
    const summary = repository.summary(seq);
    if (summary) this.deps.hub.publishUpdated([summary]);
    return attempt;
  }

  /** Replay several requests one after the other, in arrival order; one failing does not stop the rest. */
  async replayMany(ids: number[], request: ReplayRequest): Promise<{ attempts: ReplayAttempt[]; errors: Array<{ id: string; error: { code: string; message: string } }> }> {
    const attempts: ReplayAttempt[] = [];
    const errors: Array<{ id: string; error: { code: string; message: string } }> = [];
    this.base(request.to); // a bad target fails the whole call, before anything is sent
    for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
      try {
        attempts.push(await this.replay(id, request));
      } catch (error) {
        if (!(error instanceof ReplayError)) throw error;
        errors.push({ id: String(id), error: { code: error.code, message: error.message } });
      }
    }
    return { attempts, errors };
  }

  close(): void {
    destroyAgents(this.agents);
  }

  private base(to: string | undefined): URL {
    if (to === undefined) {
      if (this.deps.forwarder) return this.deps.forwarder.target;
      throw new ReplayError(400, 'no-target', 'no target: pass "to" (e.g. http://localhost:3000), or start hookscope with --forward');
    }
    try {
      return this.deps.policy.check(to, 'to');
    } catch (error) {
      if (error instanceof TargetError) throw new ReplayError(error.status, error.code, error.message);
      throw error;
    }
  }

  private absolute(value: string): string {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // fall through
    }
    throw new ReplayError(400, 'invalid-resign-url', 'resignUrl must be an absolute http(s) URL');
  }

  /**
   * Configured secret values never reach the attempt record: a re-signed token travels in the URL or a
   * header, and an app may echo the request back in its answer.
   */
  private scrub(attempt: ReplayAttempt): ReplayAttempt {
    const s = this.deps.scrubber;
    return {
      ...attempt,
      to: s.text(attempt.to),
      request: { ...attempt.request, url: s.text(attempt.request.url), headers: s.headers(attempt.request.headers), body: scrubBase64(s, attempt.request.body) },
      response: attempt.response ? { ...attempt.response, headers: s.headers(attempt.response.headers), body: scrubBase64(s, attempt.response.body) } : null,
      ...(attempt.error ? { error: s.text(attempt.error) } : {}),
    };
  }
}

/** A base64 body with configured secrets masked, when it is text that carries one. */
export function scrubBase64(scrubber: SecretScrubber, base64: string): string {
  const text = decodeText(Buffer.from(base64, 'base64'));
  if (text === null) return base64;
  const scrubbed = scrubber.text(text);
  return scrubbed === text ? base64 : Buffer.from(scrubbed).toString('base64');
}

function editedBody(edits: ReplayEdits): Buffer | null {
  if (edits.bodyBase64 !== undefined) return Buffer.from(edits.bodyBase64, 'base64');
  if (edits.body !== undefined) return Buffer.from(edits.body, 'utf8');
  return null;
}

/** A signer changed the URL (a bodySHA256 or token parameter): carry its path and query into the request. */
function adjustPath(path: string, signedUrl: string, base: URL | null): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^#]*)/.exec(signedUrl);
  const signedTarget = m?.[1] || '/';
  if (base) {
    // Signed for the target itself: drop the base's path prefix, targetPath adds it again.
    const prefix = base.pathname === '/' ? '' : base.pathname.replace(/\/+$/, '');
    return prefix && signedTarget.startsWith(prefix) ? signedTarget.slice(prefix.length) || '/' : signedTarget;
  }
  // Signed for another URL: keep our path, take the query the signer produced.
  const q = signedTarget.indexOf('?');
  const ownPath = path.split('?')[0]!;
  return q === -1 ? ownPath : ownPath + signedTarget.slice(q);
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Validate a replay request from the API (JSON of unknown shape). */
export function parseReplayRequest(value: unknown): ReplayRequest {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ReplayError(400, 'invalid-replay', 'send a JSON object: { "to"?, "resign"?, "resignUrl"?, "edits"? }');
  const v = value as Record<string, unknown>;
  const out: ReplayRequest = {};
  if (v.to !== undefined && v.to !== null) {
    if (typeof v.to !== 'string') throw new ReplayError(400, 'invalid-target', '"to" must be a URL string');
    out.to = v.to;
  }
  if (v.resign !== undefined) {
    if (typeof v.resign !== 'boolean') throw new ReplayError(400, 'invalid-replay', '"resign" must be true or false');
    out.resign = v.resign;
  }
  if (v.resignUrl !== undefined && v.resignUrl !== null) {
    if (typeof v.resignUrl !== 'string') throw new ReplayError(400, 'invalid-resign-url', '"resignUrl" must be a URL string');
    out.resignUrl = v.resignUrl;
  }
  if (v.edits !== undefined && v.edits !== null) out.edits = parseEdits(v.edits);
  return out;
}

function parseEdits(value: unknown): ReplayEdits {
  if (typeof value !== 'object' || Array.isArray(value) || !value) throw new ReplayError(400, 'invalid-edits', '"edits" must be an object');
  const e = value as Record<string, unknown>;
  const out: ReplayEdits = {};
  if (e.method !== undefined) {
    if (typeof e.method !== 'string' || !TOKEN.test(e.method) || e.method.length > 32) throw new ReplayError(400, 'invalid-edits', 'edits.method must be an HTTP method such as POST');
    out.method = e.method;
  }
  if (e.path !== undefined) {
    if (typeof e.path !== 'string' || !/^\/[\x21-\x7e]*$/.test(e.path) || e.path.length > 8192) {
      throw new ReplayError(400, 'invalid-edits', 'edits.path must start with / and contain no spaces or control characters (percent-encode them)');
    }
    out.path = e.path;
  }
  if (e.headers !== undefined) {
    if (!Array.isArray(e.headers) || e.headers.length > 500) throw new ReplayError(400, 'invalid-edits', 'edits.headers must be a list of [name, value] pairs');
    out.headers = e.headers.map((pair) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string' || !TOKEN.test(pair[0]) || /[\r\n\0]/.test(pair[1])) {
        throw new ReplayError(400, 'invalid-edits', `edits.headers: ${JSON.stringify(pair)} is not a valid [name, value] pair`);
      }
      return [pair[0], pair[1]] as HeaderPair;
    });
  }
  if (e.body !== undefined) {
    if (typeof e.body !== 'string') throw new ReplayError(400, 'invalid-edits', 'edits.body must be a string');
    out.body = e.body;
  }
  if (e.bodyBase64 !== undefined) {
    if (typeof e.bodyBase64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(e.bodyBase64)) throw new ReplayError(400, 'invalid-edits', 'edits.bodyBase64 must be base64');
    out.bodyBase64 = e.bodyBase64;
  }
  return out;
}

/** Request ids from the API: numbers or digit strings. */
export function parseIds(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) throw new ReplayError(400, 'invalid-ids', '"ids" must be a non-empty list of request ids');
  if (value.length > MAX_BATCH) throw new ReplayError(400, 'too-many-ids', `at most ${MAX_BATCH} requests per call`);
  return value.map((id) => {
    const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new ReplayError(400, 'invalid-ids', `${JSON.stringify(id)} is not a request id`);
    return n;
  });
}
