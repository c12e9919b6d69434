/**
 * The request list as the page holds it: newest first, de-duplicated by id. Pure functions, so the
 * live-event and resync rules can be reasoned about (and tested) without a DOM.
 */
import type { RequestPage, RequestSummary, ServerEvent } from './api/client.js';

export interface ListState {
  items: RequestSummary[];
  /** Cursor for the page after the oldest item held, or null when the list reaches the oldest request. */
  nextCursor: string | null;
}

export const EMPTY_LIST: ListState = { items: [], nextCursor: null };

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

/** The next (older) page was loaded: append it. */
export function appendPage(state: ListState, page: RequestPage): ListState {
  const known = new Set(state.items.map((i) => i.id));
  const fresh = page.items.filter((i) => !known.has(i.id));
  return { items: sorted(state.items.concat(fresh)), nextCursor: page.nextCursor };
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

export function applyEvent(state: ListState, event: ServerEvent): ListState {
  switch (event.type) {
    case 'requests': {
      if (event.items.length === 0) return state;
      const incoming = new Map(event.items.map((i) => [i.id, i]));
      const rest = state.items.filter((i) => !incoming.has(i.id));
      // Events list oldest first; the page shows newest first.
      const fresh = Array.from(incoming.values()).reverse();
      return { ...state, items: sorted(fresh.concat(rest)) };
    }
    case 'updated': {
      const changed = new Map(event.items.map((i) => [i.id, i]));
      let touched = false;
      const items = state.items.map((i) => {
        const next = changed.get(i.id);
        if (!next) return i;
        touched = true;
        return next;
      });
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
