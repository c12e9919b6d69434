import type { Ref } from 'preact';
import { VERDICTS } from '../../../shared/verify/types.js';
import { hasFilters, NO_FILTERS, type Filters } from '../filters.js';
import { PROVIDERS } from '../providers.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export interface FilterBarProps {
  filters: Filters;
  onChange(next: Filters): void;
  /** Providers seen in the list, offered first. */
  seenProviders: string[];
  searchRef: Ref<HTMLInputElement>;
}

/**
 * Search (full text over URL, headers and bodies; any substring of 3+ characters) and the structured
 * filters. Every change lands in the page URL, so a view can be bookmarked and shared.
 */
export function FilterBar({ filters, onChange, seenProviders, searchRef }: FilterBarProps) {
  const set = (key: keyof Filters, value: string) => onChange({ ...filters, [key]: value });
  const providers = Array.from(new Set([...seenProviders, ...PROVIDERS.map((p) => p.id), ...(filters.provider ? [filters.provider] : [])]));
  return (
    <form class="filter-bar" role="search" data-testid="filter-bar" onSubmit={(e) => e.preventDefault()}>
      <input
        ref={searchRef}
        type="search"
        class="search"
        placeholder="Search URL, headers, bodies  ( / )"
        aria-label="Full-text search"
        value={filters.q}
        spellcheck={false}
        data-testid="search"
        onInput={(e) => set('q', (e.target as HTMLInputElement).value)}
      />
      <select aria-label="Method" value={filters.method} data-testid="filter-method" onChange={(e) => set('method', (e.target as HTMLSelectElement).value)}>
        <option value="">any method</option>
        {(filters.method && !METHODS.includes(filters.method) ? [...METHODS, filters.method] : METHODS).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <input
        class="path-filter mono"
        placeholder="path prefix"
        aria-label="Path prefix"
        value={filters.path}
        spellcheck={false}
        data-testid="filter-path"
        onInput={(e) => set('path', (e.target as HTMLInputElement).value)}
      />
      <select aria-label="Provider" value={filters.provider} data-testid="filter-provider" onChange={(e) => set('provider', (e.target as HTMLSelectElement).value)}>
        <option value="">any provider</option>
        {providers.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <select aria-label="Signature" value={filters.verdict} data-testid="filter-verdict" onChange={(e) => set('verdict', (e.target as HTMLSelectElement).value)}>
        <option value="">any signature</option>
        {VERDICTS.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      {hasFilters(filters) ? (
        <button type="button" class="link" data-testid="filter-clear" onClick={() => onChange(NO_FILTERS)}>
          clear
        </button>
      ) : null}
    </form>
  );
}
