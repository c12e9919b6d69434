/**
 * The request list as the page holds it: newest first, de-duplicated by id. Pure functions, so the
 * live-event and resync rules can be reasoned about (and tested) without a DOM.
 */
import type { RequestPage, RequestSummary, ServerEvent } from './api/client.js';
import { matchesFilters, needsServerMatch, NO_FILTERS, type Filters } from './filters.js';

export interface ListState {
  items: RequestSummary[];
  /** Cursor for the page after the oldest item held, or null when the list reaches the oldest request. */
  nextCursor: string | null;
}

export const EMPTY_LIST: ListState = { items: [], nextCursor: null };

/** The first page: enough to fill a tall screen, small enough to arrive fast. */
export const FIRST_PAGE = 100;
/** Later pages (scrolling, resync). */
export const PAGE_SIZE = 200;
/**
 * A page left open for hours under heavy traffic must not grow without bound (the server prunes to
 * --keep anyway): past MAX_HELD live arrivals the oldest are dropped down to KEEP_HELD.
 */
export const MAX_HELD = 250_000;
const KEEP_HELD = 200_000;

function bounded(state: ListState): ListState {
  if (state.items.length <= MAX_HELD) return state;
  // What is dropped can no longer be paged to from here (cursors are the server's): the list ends.
  return { items: state.items.slice(0, KEEP_HELD), nextCursor: null };
}

/** Numeric ids compare as numbers ("10" after "9"); anything else as strings. */
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort order of the list: negative when `a` is newer than `b` (so it comes first). */
export function newerFirst(a: RequestSummary, b: RequestSummary): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt > b.receivedAt ? -1 : 1;
  return -compareIds(a.id, b.id);
}

function sorted(items: RequestSummary[]): RequestSummary[] {
  // Already sorted in the common case (live arrivals are newest): skip the sort.
  for (let i = 1; i < items.length; i++) {
    if (newerFirst(items[i - 1]!, items[i]!) > 0) return items.slice().sort(newerFirst);
  }
  return items;
}

export function fromPage(page: RequestPage): ListState {
  return { items: sorted(page.items), nextCursor: page.nextCursor };
}

/** `a` then `b`, both sorted: a plain concat when they join up in order (the usual case), else a sort. */
function sortedConcat(a: RequestSummary[], b: RequestSummary[]): RequestSummary[] {
  if (b.length === 0) return a;
  if (a.length === 0) return sorted(b);
  const bs = sorted(b);
  return newerFirst(a[a.length - 1]!, bs[0]!) < 0 ? a.concat(bs) : a.concat(bs).sort(newerFirst);
}

/**
 * The next (older) page was loaded: append it. Keyset pages are strictly older than the cursor, so
 * only the tail of what we hold can overlap with them: checking it keeps this O(page) at 100k rows.
 */
export function appendPage(state: ListState, page: RequestPage): ListState {
  const tail = new Set(state.items.slice(-2000).map((i) => i.id));
  const fresh = page.items.filter((i) => !tail.has(i.id));
  return { items: sortedConcat(state.items, fresh), nextCursor: page.nextCursor };
}

/**
 * The newest page was fetched again (after a reconnect, or when the socket's hello says we are
 * behind): merge it so requests that arrived while disconnected appear and ones deleted meanwhile go.
 */
export function mergeNewestPage(state: ListState, page: RequestPage): ListState {
  if (page.items.length === 0) {
    // The server holds nothing newer than the page start: if the page is the whole store, it is empty.
    return page.nextCursor === null ? EMPTY_LIST : state;
  }
  const pageItems = sorted(page.items);
  const oldest = pageItems[pageItems.length - 1]!;
  const newestHeld = state.items[0];
  const pageIds = new Set(pageItems.map((i) => i.id));
  // More requests arrived than one page holds: what we hold no longer joins up with the page, so the
  // page replaces it (older ones are one "Load older" away) rather than leaving a silent hole.
  if (page.nextCursor !== null && newestHeld && !pageIds.has(newestHeld.id) && newerFirst(oldest, newestHeld) < 0) {
    return fromPage(page);
  }
  // Items inside the page's range that the page lacks were deleted or pruned meanwhile; older ones
  // are outside what the page tells us, so they stay (when the page is everything, nothing is older).
  const keep = state.items.filter(
    (i) => !pageIds.has(i.id) && page.nextCursor !== null && newerFirst(i, oldest) > 0,
  );
  return {
    items: sorted(pageItems.concat(keep)),
    nextCursor: keep.length > 0 ? state.nextCursor : page.nextCursor,
  };
}

/**
 * A live event applied to the list as filtered by `filters`. New arrivals that do not match are left
 * out; with a full-text query only the server can judge, so the caller refetches instead (they are
 * left out here too). An update that makes a held request stop matching removes it.
 */
export function applyEvent(state: ListState, event: ServerEvent, filters: Filters = NO_FILTERS): ListState {
  switch (event.type) {
    case 'requests': {
      if (needsServerMatch(filters)) return state;
      const incoming = new Map<string, RequestSummary>();
      for (const item of event.items) if (matchesFilters(item, filters)) incoming.set(item.id, item);
      if (incoming.size === 0) return state;
      // Events list oldest first; the page shows newest first.
      const fresh = sorted(Array.from(incoming.values()).reverse());
      const newestHeld = state.items[0];
      // Only requests as new as the oldest arrival can be duplicates (a resync fetched them first).
      if (!newestHeld || newerFirst(fresh[fresh.length - 1]!, newestHeld) < 0) {
        return bounded({ ...state, items: fresh.concat(state.items) });
      }
      const rest = state.items.filter((i) => !incoming.has(i.id));
      return bounded({ ...state, items: sorted(fresh.concat(rest)) });
    }
    case 'updated': {
      const changed = new Map(event.items.map((i) => [i.id, i]));
      let touched = false;
      const items: RequestSummary[] = [];
      for (const item of state.items) {
        const next = changed.get(item.id);
        if (!next) {
          items.push(item);
          continue;
        }
        touched = true;
        changed.delete(item.id);
        if (matchesFilters(next, filters)) items.push(next);
      }
      // Updated requests we did not hold may match now (e.g. the verdict filter after adding a secret):
      // take those that fall inside the range we hold (older ones arrive with the next page).
      if (!needsServerMatch(filters)) {
        const oldest = state.items[state.items.length - 1];
        for (const item of changed.values()) {
          if (!matchesFilters(item, filters)) continue;
          if (state.nextCursor !== null && oldest && newerFirst(item, oldest) > 0) continue;
          items.push(item);
          touched = true;
        }
      }
      return touched ? { ...state, items: sorted(items) } : state;
    }
    case 'deleted': {
      const gone = new Set(event.ids);
      const items = state.items.filter((i) => !gone.has(i.id));
      return items.length === state.items.length ? state : { ...state, items };
    }
    case 'cleared':
      return EMPTY_LIST;
    default:
      return state;
  }
}
