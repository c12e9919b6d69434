import type { RequestDetail } from '../../shared/api.js';
import type { RequestRepository } from '../store/repository.js';
import { toHar } from './har.js';
import { ApiError } from './http-json.js';
import type { RequestPresenter } from './request-presenter.js';
import type { Router } from './router.js';

/** An export without ids takes the newest requests, up to this many. */
const MAX_EXPORT = 5_000;

/** `GET /api/export.har[?ids=1,2,3]` — masked like every other response. */
export function registerExportRoutes(router: Router, repo: RequestRepository, presenter: RequestPresenter): void {
  router.on('GET', '/api/export.har', ({ res, url }) => {
    const idsParam = url.searchParams.get('ids');
    let ids: number[];
    if (idsParam) {
      ids = idsParam.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
      if (ids.some((n) => !Number.isInteger(n) || n < 1)) throw new ApiError(400, 'invalid-ids', 'ids must be a comma-separated list of request ids');
      if (ids.length > MAX_EXPORT) throw new ApiError(400, 'too-many-ids', `at most ${MAX_EXPORT} requests per export`);
    } else {
      ids = repo.list({ limit: MAX_EXPORT }).items.map((i) => Number(i.id));
    }
    // Arrival order reads naturally in HAR viewers.
    const details = ids
      .sort((a, b) => a - b)
      .map((id) => repo.get(id))
      .filter((d): d is RequestDetail => d !== null)
      .map((d) => presenter.detail(d));
    const text = JSON.stringify(toHar(details, '0.1.0'), null, 2);
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="hookscope.har"',
      'Content-Length': String(Buffer.byteLength(text)),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(text);
  });
}
