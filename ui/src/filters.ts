/**
 * The list filters, kept in the page URL (`?q=…&method=POST&provider=stripe&verdict=failed&path=/hooks`)
 * so a view can be bookmarked and shared. Pure functions: parse, serialize, and the client-side match
 * used for live arrivals (full-text `q` cannot be judged here; see needsServerMatch).
 */
import type { ListQuery, RequestSummary } from './api/client.js';

export interface Filters {
  q: string;
  method: string;
  provider: string;
  verdict: string;
  path: string;
}

export const NO_FILTERS: Filters = { q: '', method: '', provider: '', verdict: '', path: '' };

const KEYS = ['q', 'method', 'provider', 'verdict', 'path'] as const;

export function parseFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const out = { ...NO_FILTERS };
  for (const key of KEYS) out[key] = params.get(key) ?? '';
  out.method = out.method.toUpperCase();
  return out;
}

/** The request id opened in the detail pane (`?open=42`), or null. */
export function parseOpenId(search: string): string | null {
  const id = new URLSearchParams(search).get('open');
  return id && /^[A-Za-z0-9_-]{1,40}$/.test(id) ? id : null;
}

/** `?…` for the page URL: filters first (in a stable order), then the open request; '' when none. */
export function toSearch(filters: Filters, openId: string | null = null): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]);
  if (openId) params.set('open', openId);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function toListQuery(filters: Filters): ListQuery {
  const query: ListQuery = {};
  for (const key of KEYS) if (filters[key].trim()) query[key] = filters[key].trim();
  return query;
}

export function sameFilters(a: Filters, b: Filters): boolean {
  return KEYS.every((k) => a[k] === b[k]);
}

export function hasFilters(f: Filters): boolean {
  return KEYS.some((k) => f[k] !== '');
}

/** True when only the server can tell whether a request matches (full-text search). */
export function needsServerMatch(f: Filters): boolean {
  return f.q.trim() !== '';
}

/** Whether a summary passes the structured filters, the way the server's SQL does. `q` is ignored. */
export function matchesFilters(item: RequestSummary, f: Filters): boolean {
  if (f.method && item.method.toUpperCase() !== f.method.toUpperCase()) return false;
  if (f.provider && item.provider !== f.provider) return false;
  if (f.verdict && item.verdict !== f.verdict) return false;
  if (f.path && !item.path.startsWith(f.path.trim())) return false;
  return true;
}
