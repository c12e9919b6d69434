/**
 * `POST /api/requests/:id/replay` `{ to?, resign?, resignUrl?, edits? }` → the attempt (what was sent, what came back).
 * `POST /api/replay` `{ ids, to?, resign?, resignUrl?, edits? }` → `{ attempts, errors }`, replayed in arrival order.
 * `POST /api/send` `{ provider, to?, body?, bodyBase64?, contentType?, headers? }` → the app's answer to a
 *   signed test webhook (configured secret; default target: hookscope's own capture port).
 */
import type { IncomingMessage } from 'node:http';
import type { HeaderPair } from '../../shared/api.js';
import { schemeByName, unknownProviderMessage } from '../../shared/verify/registry.js';
import { ApiError, readJson, sendJson } from '../api/http-json.js';
import { parseId } from '../api/requests-routes.js';
import type { Router } from '../api/router.js';
import { createAgents, type Agents } from '../forward/http-exchange.js';
import { recordedResponse } from '../forward/forwarder.js';
import { decodeText } from '../store/text-body.js';
import type { SecretScrubber } from '../verify/secret-scrubber.js';
import type { SecretStore } from '../verify/secret-store.js';
import { parseIds, parseReplayRequest, ReplayError, scrubBase64, type Replayer } from './replayer.js';
import { SignError, signingSecret } from './resign.js';
import { buildTestDelivery, deliver } from './send.js';
import { TargetError, type TargetPolicy } from './target-policy.js';

export function registerReplayRoutes(router: Router, replayer: Replayer): void {
  router.on('POST', '/api/requests/:id/replay', async (ctx) => {
    const id = parseId(ctx);
    // An empty body (`curl -X POST .../replay`) means "as is, to the default target".
    const raw = isEmpty(ctx.req) ? {} : await readJson(ctx.req);
    const request = asApi(() => parseReplayRequest(raw));
    const attempt = await asApiAsync(() => replayer.replay(id, request));
    sendJson(ctx.res, 200, attempt);
  });

  router.on('POST', '/api/replay', async ({ req, res }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    const ids = asApi(() => parseIds(body?.ids));
    const { ids: _ids, ...rest } = body ?? {};
    const request = asApi(() => parseReplayRequest(rest));
    const result = await asApiAsync(() => replayer.replayMany(ids, request));
    sendJson(res, 200, result);
  });
}

export interface SendRouteDeps {
  secrets: SecretStore;
  policy: TargetPolicy;
  scrubber: SecretScrubber;
  captureUrl(): string;
  timeoutMs: number;
}

export function registerSendRoutes(router: Router, deps: SendRouteDeps): void {
  const agents: Agents = createAgents();
  router.on('POST', '/api/send', async ({ req, res }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'invalid-send', 'send a JSON object: { "provider", "to"?, "body"? }');
    const name = typeof body.provider === 'string' ? body.provider : '';
    const scheme = schemeByName(name);
    if (!scheme) throw new ApiError(400, 'unknown-provider', unknownProviderMessage(name));
    const to = body.to === undefined ? `${deps.captureUrl()}/hookscope-send/${scheme.id}` : body.to;
    let url: URL;
    try {
      url = deps.policy.check(to, 'to');
    } catch (error) {
      if (error instanceof TargetError) throw new ApiError(error.status, error.code, error.message);
      throw error;
    }
    if (body.body !== undefined && typeof body.body !== 'string') throw new ApiError(400, 'invalid-send', '"body" must be a string');
    if (body.bodyBase64 !== undefined && typeof body.bodyBase64 !== 'string') throw new ApiError(400, 'invalid-send', '"bodyBase64" must be base64');
    if (body.contentType !== undefined && (typeof body.contentType !== 'string' || /[\r\n]/.test(body.contentType))) throw new ApiError(400, 'invalid-send', '"contentType" must be a media type');
    const headers = parseHeaders(body.headers);
    let delivery;
    try {
      const { secret, options } = signingSecret(scheme, deps.secrets, url.pathname);
      delivery = buildTestDelivery({
        scheme,
        to: url.href,
        secret,
        options,
        ...(typeof body.bodyBase64 === 'string' ? { body: Buffer.from(body.bodyBase64, 'base64') } : typeof body.body === 'string' ? { body: Buffer.from(body.body) } : {}),
        ...(typeof body.contentType === 'string' ? { contentType: body.contentType } : {}),
        headers,
      });
    } catch (error) {
      if (error instanceof SignError) throw new ApiError(422, 'cannot-sign', error.message.replace('to re-sign', 'to send'));
      throw error;
    }
    const result = await deliver(delivery, deps.timeoutMs, agents);
    if (result.ok && result.rest) result.rest.destroy();
    const s = deps.scrubber;
    const sent = { method: delivery.method, url: s.text(delivery.url), headers: s.headers(delivery.headers) };
    if (!result.ok) throw new ApiError(502, 'send-failed', `could not deliver to ${s.text(url.origin)}: ${result.message}`);
    const recorded = recordedResponse(result);
    const response = { ...recorded, headers: s.headers(recorded.headers), body: scrubBase64(s, recorded.body) };
    const text = decodeText(Buffer.from(response.body, 'base64'));
    sendJson(res, 200, { provider: scheme.id, request: sent, response: { ...response, bodyText: text } });
  });
}

function parseHeaders(value: unknown): HeaderPair[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 100) throw new ApiError(400, 'invalid-send', '"headers" must be a list of [name, value] pairs');
  return value.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(pair[0]) || /[\r\n\0]/.test(pair[1])) {
      throw new ApiError(400, 'invalid-send', `${JSON.stringify(pair)} is not a valid [name, value] header pair`);
    }
    return [pair[0], pair[1]] as HeaderPair;
  });
}

function isEmpty(req: IncomingMessage): boolean {
  const declared = req.headers['content-length'];
  return (declared === undefined || declared === '0') && req.headers['transfer-encoding'] === undefined;
}

function asApi<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ReplayError) throw new ApiError(error.status, error.code, error.message);
    throw error;
  }
}

async function asApiAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ReplayError) throw new ApiError(error.status, error.code, error.message);
    throw error;
  }
}
