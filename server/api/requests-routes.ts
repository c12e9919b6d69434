import type { RequestRepository } from '../store/repository.js';
import type { LiveHub } from '../live/live-hub.js';
import type { SearchIndexer } from '../store/search-indexer.js';
import type { RequestPresenter } from './request-presenter.js';
import { ApiError, sendJson } from './http-json.js';
import { parseListQuery, SEARCH_CATCH_UP_MS } from './list-query.js';
import type { RouteContext, Router } from './router.js';

export function parseId(ctx: RouteContext): number {
  const id = ctx.params.id!;
  if (!/^\d{1,15}$/.test(id)) throw new ApiError(404, 'not-found', `no request with id ${JSON.stringify(id)}`);
  return Number(id);
}

export function registerRequestRoutes(router: Router, repo: RequestRepository, hub: LiveHub, indexer: SearchIndexer, presenter: RequestPresenter): void {
  router.on('GET', '/api/requests', ({ res, url }) => {
    try {
      const query = parseListQuery(url);
      // Results must include what was captured a moment ago: index the backlog first (usually nothing),
      // but never hold capture for long — past the budget, say how far the index is behind.
      const behind = query.q ? indexer.catchUp(SEARCH_CATCH_UP_MS) : 0;
      const page = repo.list(query);
      sendJson(res, 200, { ...page, items: page.items.map((i) => presenter.summary(i)), ...(behind > 0 ? { indexing: { behind } } : {}) });
    } catch (error) {
      if (error instanceof RangeError) throw new ApiError(400, 'invalid-cursor', 'the cursor is not one this server issued');
      throw error;
    }
  });

  router.on('GET', '/api/requests/:id', (ctx) => {
    const id = parseId(ctx);
    const detail = repo.get(id);
    if (!detail) throw new ApiError(404, 'not-found', `no request with id ${id}`);
    sendJson(ctx.res, 200, presenter.detail(detail));
  });

  router.on('DELETE', '/api/requests/:id', (ctx) => {
    const id = parseId(ctx);
    if (!repo.delete(id)) throw new ApiError(404, 'not-found', `no request with id ${id}`);
    hub.publish({ type: 'deleted', ids: [String(id)] });
    sendJson(ctx.res, 200, { deleted: 1 });
  });

  router.on('DELETE', '/api/requests', ({ res }) => {
    const deleted = repo.deleteAll();
    hub.publish({ type: 'cleared' });
    sendJson(res, 200, { deleted });
  });
}
