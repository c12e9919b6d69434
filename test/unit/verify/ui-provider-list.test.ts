/**
 * The inspector carries its own list of provider ids and names (importing the registry would put every
 * scheme and its crypto in the page bundle). The API refuses ids the registry does not have, so a list
 * out of step would offer a provider that cannot be saved, or hide one that can.
 */
import { describe, expect, it } from 'vitest';
import { SCHEMES } from '../../../shared/verify/registry.js';
import { PROVIDERS } from '../../../ui/src/providers.js';

describe("the inspector's provider list", () => {
  it('has every scheme of the registry, by the same id and title, and nothing else', () => {
    const byId = (list: ReadonlyArray<{ id: string; title: string }>) => [...list].map(({ id, title }) => ({ id, title })).sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(PROVIDERS)).toEqual(byId(SCHEMES));
  });
});
