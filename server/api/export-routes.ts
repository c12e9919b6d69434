import type { SearchIndexer } from '../store/search-indexer.js';
import type { RequestRepository } from '../store/repository.js';
import { describeSelection, harOf, INVALID_IDS, MAX_EXPORT, newestMatching, parseIdList, type ExportSelection } from './har-export.js';
import { ApiError } from './http-json.js';
import { parseListQuery, SEARCH_CATCH_UP_MS } from './list-query.js';
import type { RequestPresenter } from './request-presenter.js';
import type { Router } from './router.js';

/**
 * `GET /api/export.har?ids=1,2,3`, or `GET /api/export.har[?q=&method=&provider=&verdict=&path=&limit=]`:
 * the newest requests matching the list filters (all requests without any), up to `limit` (at most 5000).
 * Masked like every other response. Headers say how many it holds and whether more matched.
 */
export function registerExportRoutes(router: Router, repo: RequestRepository, presenter: RequestPresenter, indexer: SearchIndexer): void {
  router.on('GET', '/api/export.har', ({ res, url }) => {
    const idsParam = url.searchParams.get('ids');
    let selection: ExportSelection;
    let comment: string | undefined;
    let behind = 0;
    if (idsParam) {
      const ids = parseIdList(idsParam);
      if (!ids) throw new ApiError(400, 'invalid-ids', INVALID_IDS);
      if (ids.length > MAX_EXPORT) throw new ApiError(400, 'too-many-ids', `at most ${MAX_EXPORT} requests per export`);
      selection = { ids, more: false };
    } else {
      const { limit = MAX_EXPORT, cursor: _ignored, ...filters } = parseListQuery(url);
      if (limit > MAX_EXPORT) throw new ApiError(400, 'invalid-limit', `at most ${MAX_EXPORT} requests per export`);
      // A search exports what the list would show: the index caught up first, for a moment at most.
      behind = filters.q ? indexer.catchUp(SEARCH_CATCH_UP_MS) : 0;
      selection = newestMatching(repo, filters, limit);
      comment = describeSelection(filters, selection) + (behind > 0 ? ` (the search index was ${behind} requests behind)` : '');
    }
    const text = JSON.stringify(harOf(repo, presenter, selection.ids, comment), null, 2);
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="hookscope.har"',
      'Content-Length': String(Buffer.byteLength(text)),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'X-Hookscope-Export-Count': String(selection.ids.length),
      'X-Hookscope-Export-More': selection.more ? '1' : '0',
      ...(behind > 0 ? { 'X-Hookscope-Indexing-Behind': String(behind) } : {}),
    });
    res.end(text);
  });
}
