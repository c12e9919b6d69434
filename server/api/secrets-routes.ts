import type { SecretsView } from '../../shared/api.js';
import type { Reverifier } from '../verify/reverifier.js';
import type { SecretStore } from '../verify/secret-store.js';
import { schemeByName, unknownProviderMessage } from '../../shared/verify/registry.js';
import { ApiError, readJson, sendJson } from './http-json.js';
import type { Router } from './router.js';

/**
 * `GET /api/secrets` (masked, never the values) and `PUT /api/secrets`, either
 * `{ "provider": "stripe", "secrets": ["whsec_new", "whsec_old"] }` — replaces that provider's secrets
 * (first = current; an entry may be `{ "keep": "<label>" }` to keep a configured secret without sending
 * its value) — or `{ "endpoint": "/flash/*", "secret": "..." | null }` — sets or removes the secret of
 * a configured endpoint rule. Either way stored requests are re-verified and changed badges pushed live.
 */
export function registerSecretRoutes(router: Router, secrets: SecretStore, reverifier: Reverifier): void {
  const currentView = (): SecretsView => ({ secrets: secrets.view(), endpoints: secrets.endpointView() });

  router.on('GET', '/api/secrets', ({ res }) => {
    sendJson(res, 200, currentView());
  });

  router.on('PUT', '/api/secrets', async ({ req, res }) => {
    const body = (await readJson(req)) as { provider?: unknown; secrets?: unknown; endpoint?: unknown; secret?: unknown };
    if (body.endpoint !== undefined) {
      if (typeof body.endpoint !== 'string') throw new ApiError(400, 'invalid-endpoint', 'endpoint must be the path of a configured endpoint rule, e.g. "/flash/*"');
      if (body.secret !== null && !isSecretValue(body.secret)) {
        throw new ApiError(400, 'invalid-secrets', 'secret must be a non-empty string (at most 4096 characters), or null to remove it');
      }
      try {
        secrets.setEndpointSecret(body.endpoint, body.secret);
      } catch (error) {
        if (error instanceof RangeError) throw new ApiError(404, 'unknown-endpoint', error.message);
        throw error;
      }
      const reverified = await reverifier.run();
      sendJson(res, 200, { ...currentView(), reverified });
      return;
    }
    if (typeof body.provider !== 'string' || !/^[a-z0-9][a-z0-9-]{0,40}$/i.test(body.provider)) {
      throw new ApiError(400, 'invalid-provider', 'provider must be a provider id such as "stripe"');
    }
    const provider = schemeByName(body.provider)?.id;
    if (!provider) throw new ApiError(400, 'unknown-provider', unknownProviderMessage(body.provider));
    const valid = (s: unknown) =>
      isSecretValue(s) ||
      (typeof s === 'object' && s !== null && typeof (s as { keep?: unknown }).keep === 'string' && Object.keys(s).length === 1);
    if (!Array.isArray(body.secrets) || !body.secrets.every(valid)) {
      throw new ApiError(400, 'invalid-secrets', 'secrets must be an array of non-empty strings or { "keep": "<label>" } entries (first = current)');
    }
    try {
      secrets.setProvider(provider, body.secrets as Array<string | { keep: string }>);
    } catch (error) {
      if (error instanceof RangeError) throw new ApiError(400, 'unknown-secret-label', error.message);
      throw error;
    }
    const reverified = await reverifier.run();
    sendJson(res, 200, { ...currentView(), reverified });
  });
}

function isSecretValue(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 4096;
}
