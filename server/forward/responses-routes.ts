/**
 * `GET /api/responses` → `{ responses, active }`; `PUT /api/responses` `{ "responses": [...] }` replaces the
 * canned answers of the capture port (this run only; the config file's `responses` are the start set).
 */
import type { CannedResponsesView } from '../../shared/api.js';
import { ApiError, readJson, sendJson } from '../api/http-json.js';
import type { Router } from '../api/router.js';
import { checkCannedResponses, type CannedResponses } from './canned-responses.js';

export function registerResponsesRoutes(router: Router, canned: CannedResponses, forwarding: boolean): void {
  const view = (): CannedResponsesView => ({ responses: canned.list(), active: !forwarding });
  router.on('GET', '/api/responses', ({ res }) => sendJson(res, 200, view()));
  router.on('PUT', '/api/responses', async ({ req, res }) => {
    const body = (await readJson(req)) as { responses?: unknown } | null;
    try {
      canned.set(checkCannedResponses(body?.responses, 'responses'));
    } catch (error) {
      throw new ApiError(400, 'invalid-responses', (error as Error).message);
    }
    sendJson(res, 200, view());
  });
}
