/**
 * `GET /api/tunnel` → TunnelView: the public URL in use and where it came from, the ngrok agent's state
 * and its tunnels, each saying whether it points at hookscope or straight at the app.
 * `POST /api/tunnel/import` `{ all?, limit? }` → `{ imported: [{ ngrokId, id }], skipped: [...] }`.
 */
import { ApiError, readJson, sendJson } from '../api/http-json.js';
import type { Router } from '../api/router.js';
import { TunnelImportError, type TunnelService } from './tunnel-service.js';

export function registerTunnelRoutes(router: Router, tunnels: TunnelService): void {
  router.on('GET', '/api/tunnel', async ({ res }) => sendJson(res, 200, await tunnels.view()));

  router.on('POST', '/api/tunnel/import', async ({ req, res }) => {
    const declared = req.headers['content-length'];
    const empty = (declared === undefined || declared === '0') && req.headers['transfer-encoding'] === undefined;
    const body = (empty ? {} : await readJson(req)) as { all?: unknown; limit?: unknown } | null;
    if (body?.all !== undefined && typeof body.all !== 'boolean') throw new ApiError(400, 'invalid-import', '"all" must be true or false');
    if (body?.limit !== undefined && (!Number.isInteger(body.limit) || (body.limit as number) < 1)) throw new ApiError(400, 'invalid-import', '"limit" must be a positive integer');
    try {
      const result = await tunnels.importRequests({ all: body?.all as boolean | undefined, limit: body?.limit as number | undefined });
      sendJson(res, 200, result);
    } catch (error) {
      if (error instanceof TunnelImportError) throw new ApiError(error.status, error.code, error.message);
      throw error;
    }
  });
}
