/**
 * The list filters as the API takes them (`?q=&method=&provider=&verdict=&path=&limit=&cursor=`), for the
 * request list and the HAR export alike.
 */
import type { ListQuery } from '../../shared/api.js';
import { ApiError } from './http-json.js';

/**
 * How long a search may spend indexing the backlog before it answers from what is indexed. The event loop
 * is held meanwhile (captures wait), so this is short; the background indexer finishes the rest.
 */
export const SEARCH_CATCH_UP_MS = 250;

export function parseListQuery(url: URL): ListQuery {
  const p = url.searchParams;
  const limitText = p.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new ApiError(400, 'invalid-limit', 'limit must be a positive integer');
  return {
    limit,
    cursor: p.get('cursor') ?? undefined,
    q: p.get('q') ?? undefined,
    method: p.get('method') ?? undefined,
    provider: p.get('provider') ?? undefined,
    verdict: p.get('verdict') ?? undefined,
    path: p.get('path') ?? undefined,
  };
}
