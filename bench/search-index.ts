/**
 * Waits until the server's full-text index has caught up: a search answers from what is indexed within a
 * short budget and says `indexing` while it is behind (server/api/requests-routes.ts). Benchmarks that
 * time searches start from a current index, as a user does a moment after a burst.
 */
import type { RequestPage } from '../shared/api.js';

export async function waitForSearchIndex(uiUrl: string, timeoutMs = 120_000): Promise<number> {
  const began = performance.now();
  for (;;) {
    const res = await fetch(`${uiUrl}/api/requests?q=warm-up-index&limit=1`);
    if (!res.ok) throw new Error(`search → ${res.status}`);
    const page = (await res.json()) as RequestPage;
    if (!page.indexing) return performance.now() - began;
    if (performance.now() - began > timeoutMs) throw new Error(`search index still ${page.indexing.behind} behind after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
