/**
 * What a HAR export holds, for `GET /api/export.har` and `hookscope export` alike: the requests asked for
 * by id, else the newest ones matching the list filters, up to a limit (RequestRepository.newest walks
 * the list pages: taking a single page once made "the newest 5000" hold 500).
 */
import type { ListFilters, RequestDetail } from '../../shared/api.js';
import type { RequestRepository } from '../store/repository.js';
import { HOOKSCOPE_VERSION } from '../version.js';
import { toHar } from './har.js';
import type { RequestPresenter } from './request-presenter.js';

/** The most requests one export holds (bodies included, the whole file is built in memory). */
export const MAX_EXPORT = 5_000;

/** The message for a malformed id list, the same from the API (`?ids=`) and the CLI (`--ids`). */
export const INVALID_IDS = 'ids must be a comma-separated list of request ids';

/** `1,2, 3` as request ids (blank items skipped), or null when any item is not a positive integer. */
export function parseIdList(text: string): number[] | null {
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return ids.every((n) => Number.isInteger(n) && n >= 1) ? ids : null;
}

export interface ExportSelection {
  ids: number[];
  /** More requests matched than the limit let in (the oldest of them were left out). */
  more: boolean;
}

export function newestMatching(repo: RequestRepository, filters: ListFilters, limit: number): ExportSelection {
  const { items, nextCursor } = repo.newest(filters, limit);
  return { ids: items.map((i) => Number(i.id)), more: nextCursor !== null };
}

/** The HAR 1.2 document of these requests, in arrival order, masked like every other view. */
export function harOf(repo: RequestRepository, presenter: RequestPresenter, ids: readonly number[], comment?: string): unknown {
  const details = [...ids]
    .sort((a, b) => a - b)
    .map((id) => repo.get(id))
    .filter((d): d is RequestDetail => d !== null)
    .map((d) => presenter.detail(d));
  // The comment can quote the user's search text, which may be a secret they looked for.
  return toHar(details, HOOKSCOPE_VERSION, comment === undefined ? undefined : presenter.text(comment));
}

/** Says in words which requests an export holds, for the HAR's `log.comment`. */
export function describeSelection(filters: ListFilters, selection: ExportSelection): string {
  const matching = Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  const what = matching ? `requests matching ${matching}` : 'requests';
  return selection.more ? `the newest ${selection.ids.length} ${what}; older ones matched too and were left out` : `all ${selection.ids.length} ${what}`;
}
