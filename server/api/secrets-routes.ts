import type { SecretsView } from '../../shared/api.js';
import type { Reverifier } from '../verify/reverifier.js';
import type { SecretStore } from '../verify/secret-store.js';
import { ApiError, readJson, sendJson } from './http-json.js';
import type { Router } from './router.js';

/**
 * `GET /api/secrets` (masked, never the values) and `PUT /api/secrets`
 * `{ "provider": "stripe", "secrets": ["whsec_new", "whsec_old"] }` — replaces that provider's secrets
 * (first = current) and re-verifies stored requests, pushing changed badges live. An entry may be
 * `{ "keep": "<label>" }` to keep a configured secret without sending its value.
 */
export function registerSecretRoutes(router: Router, secrets: SecretStore, reverifier: Reverifier): void {
  router.on('GET', '/api/secrets', ({ res }) => {
    const view: SecretsView = { secrets: secrets.view() };
    sendJson(res, 200, view);
  });

  router.on('PUT', '/api/secrets', async ({ req, res }) => {
    const body = (await readJson(req)) as { provider?: unknown; secrets?: unknown };
    if (typeof body.provider !== 'string' || !/^[a-z0-9][a-z0-9-]{0,40}$/i.test(body.provider)) {
      throw new ApiError(400, 'invalid-provider', 'provider must be a provider id such as "stripe"');
    }
    const valid = (s: unknown) =>
      (typeof s === 'string' && s.length > 0 && s.length <= 4096) ||
      (typeof s === 'object' && s !== null && typeof (s as { keep?: unknown }).keep === 'string' && Object.keys(s).length === 1);
    if (!Array.isArray(body.secrets) || !body.secrets.every(valid)) {
      throw new ApiError(400, 'invalid-secrets', 'secrets must be an array of non-empty strings or { "keep": "<label>" } entries (first = current)');
    }
    try {
      secrets.setProvider(body.provider, body.secrets as Array<string | { keep: string }>);
    } catch (error) {
      if (error instanceof RangeError) throw new ApiError(400, 'unknown-secret-label', error.message);
      throw error;
    }
    const reverified = await reverifier.run();
    const view: SecretsView = { secrets: secrets.view() };
    sendJson(res, 200, { ...view, reverified });
  });
}
