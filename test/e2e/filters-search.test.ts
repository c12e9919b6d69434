/**
 * Filters and full-text search in the browser: every control narrows the list through the API, the
 * filters live in the page URL (a bookmarked URL restores the view), and live arrivals respect them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, skipBrowserTests } from '../helpers/browser.js';
import { seedUnindexedBacklog } from '../helpers/backlog.js';
import { listSettled, rowFor, rowUrls, send, twilioSignature, useHarness, WAIT } from './harness.js';

const TOKEN = '0123456789abcdef0123456789abcdef';

describe('filters and search', () => {
  const h = useHarness();

  it.skipIf(skipBrowserTests)('narrows by method, path, provider, verdict and full-text search, kept in the URL', async () => {
    const hs = await h.start({ secrets: [{ provider: 'twilio', value: TOKEN, source: 'cli' }] });
    const cap = hs.urls.capture;
    await send(cap, '/hooks/stripe', JSON.stringify({ id: 'evt_1', customer: 'cus_needle42', amount: 1200 }));
    await send(cap, '/hooks/put', '{"op":"replace"}', {}, 'PUT');
    await send(cap, '/other/x', '{}', { 'X-Trace': 'trace-zeta-77' });
    await send(cap, '/health', '', {}, 'GET');
    const params = { From: '+15551234567', Body: 'hi' };
    await send(cap, '/hooks/twilio', new URLSearchParams(params).toString(), {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(TOKEN, `${cap}/hooks/twilio`, params),
    });

    const { page, problems } = await h.openPage(hs.urls.ui);
    await expect.poll(() => rowUrls(page)).toEqual(['/hooks/twilio', '/health', '/other/x', '/hooks/put', '/hooks/stripe']);

    // Full-text: a substring of a JSON body value (trigram FTS5), then of a header value.
    await page.getByTestId('search').fill('needle42');
    await listSettled(page);
    expect(await rowUrls(page)).toEqual(['/hooks/stripe']);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('needle42');
    await screenshot(page, 'search-body-substring');
    await page.getByTestId('search').fill('zeta-7');
    await listSettled(page);
    expect(await rowUrls(page)).toEqual(['/other/x']);
    await page.getByTestId('search').fill('absent-term-xyz');
    await listSettled(page);
    await page.getByTestId('list-empty').waitFor(WAIT);
    expect(await page.getByTestId('list-empty').textContent()).toContain('No requests match');
    await page.getByTestId('search').fill('');
    await listSettled(page);

    // Method, then path prefix combined with method.
    await page.getByTestId('filter-method').selectOption('PUT');
    await listSettled(page);
    expect(await rowUrls(page)).toEqual(['/hooks/put']);
    await page.getByTestId('filter-method').selectOption('POST');
    await page.getByTestId('filter-path').fill('/hooks');
    await listSettled(page);
    expect(await rowUrls(page)).toEqual(['/hooks/twilio', '/hooks/stripe']);
    await expect.poll(() => new URL(page.url()).search).toBe('?method=POST&path=%2Fhooks');

    // Provider and verdict.
    await page.getByTestId('filter-path').fill('');
    await page.getByTestId('filter-method').selectOption('');
    await page.getByTestId('filter-provider').selectOption('twilio');
    await page.getByTestId('filter-verdict').selectOption('verified');
    await listSettled(page);
    expect(await rowUrls(page)).toEqual(['/hooks/twilio']);
    await page.getByTestId('filter-verdict').selectOption('unsigned');
    await page.getByTestId('filter-provider').selectOption('');
    await listSettled(page);
    expect(await rowUrls(page)).toEqual(['/health', '/other/x', '/hooks/put', '/hooks/stripe']);

    // A bookmarked URL restores the same view in a fresh page, controls included.
    const bookmarked = `${hs.urls.ui}/?q=needle&method=POST&verdict=unsigned`;
    const second = await h.openPage(bookmarked);
    await listSettled(second.page);
    expect(await rowUrls(second.page)).toEqual(['/hooks/stripe']);
    expect(await second.page.getByTestId('search').inputValue()).toBe('needle');
    expect(await second.page.getByTestId('filter-method').inputValue()).toBe('POST');
    expect(await second.page.getByTestId('filter-verdict').inputValue()).toBe('unsigned');

    // Clearing brings everything back, and the URL with it.
    await page.getByTestId('filter-clear').click();
    await listSettled(page);
    expect(await rowUrls(page)).toHaveLength(5);
    await expect.poll(() => new URL(page.url()).search).toBe('');
    expect(problems).toEqual([]);
    expect(second.problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('live arrivals respect the active filters and search', async () => {
    const hs = await h.start();
    const cap = hs.urls.capture;
    await send(cap, '/seed', '{"seed":true}');
    const { page, problems } = await h.openPage(`${hs.urls.ui}/?method=PUT`);
    await page.getByTestId('list-empty').waitFor(WAIT);

    await send(cap, '/live/post', '{}');
    await send(cap, '/live/put', '{}', {}, 'PUT');
    await rowFor(page, '/live/put').waitFor(WAIT);
    expect(await rowUrls(page)).toEqual(['/live/put']);

    // With a full-text query only the server can judge a match: new arrivals are re-queried.
    await page.getByTestId('filter-method').selectOption('');
    await page.getByTestId('search').fill('kiwi-77');
    await listSettled(page);
    await page.getByTestId('list-empty').waitFor(WAIT);
    await send(cap, '/live/fruit', '{"fruit":"kiwi-7781"}');
    await send(cap, '/live/veg', '{"veg":"leek"}');
    await rowFor(page, '/live/fruit').waitFor(WAIT);
    await send(cap, '/live/after', '{"marker":"kiwi-77 again"}');
    await rowFor(page, '/live/after').waitFor(WAIT);
    expect(await rowUrls(page)).toEqual(['/live/after', '/live/fruit']);
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('says a search is incomplete while the index catches up, then shows the full results by itself', async () => {
    // An earlier run's 120k captures the index never reached: the first search answers before they are all indexed.
    const db = path.join(h.tmp(), 'backlog.sqlite');
    seedUnindexedBacklog(db, 120_000);
    const hs = await h.start({ db, keep: 1_000_000 });
    const { page, problems } = await h.openPage(`${hs.urls.ui}/?q=backlog-marker-120000`);
    await page.getByTestId('search-indexing').waitFor(WAIT);
    expect(await page.getByTestId('search-indexing').textContent()).toMatch(/indexing [\d,.k]+ more/);
    // No reload, no typing: the page asks again until the index has caught up.
    await rowFor(page, '/seed/120000').waitFor({ timeout: 30_000 });
    await page.getByTestId('search-indexing').waitFor({ state: 'detached', ...WAIT });
    expect(await rowUrls(page)).toEqual(['/seed/120000']);
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('exports every request the filters match, not only the rows loaded, and says when the newest 5000 left some out', async () => {
    const db = path.join(h.tmp(), 'export.sqlite');
    seedUnindexedBacklog(db, 5_005); // /seed/1 … /seed/5005
    const hs = await h.start({ db, keep: 1_000_000 });
    const exportedPaths = async (page: Page) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-har').click()]);
      const har = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { log: { entries: Array<{ request: { url: string } }> } };
      return har.log.entries.map((e) => new URL(e.request.url).pathname);
    };

    // Path prefix /seed/1: /seed/1, /seed/10–19, /seed/100–199, /seed/1000–1999 — far more than the first page loads.
    const { page, problems } = await h.openPage(`${hs.urls.ui}/?path=${encodeURIComponent('/seed/1')}`);
    expect(await page.getByTestId('request-row').count()).toBeLessThan(1111);
    const matching = await exportedPaths(page);
    expect(matching).toHaveLength(1111);
    expect(matching.every((p) => p.startsWith('/seed/1'))).toBe(true);
    expect(await page.getByTestId('export-note').count()).toBe(0);

    // All 5005: one export holds the newest 5000, and the page says the rest were left out.
    await page.getByTestId('filter-path').fill('/seed');
    await listSettled(page);
    const newest = await exportedPaths(page);
    expect(newest).toHaveLength(5000);
    expect([newest[0], newest[newest.length - 1]]).toEqual(['/seed/6', '/seed/5005']);
    expect(await page.getByTestId('export-note').textContent()).toMatch(/exported the newest 5[,.]?000; older matching requests were left out/);
    await screenshot(page, 'export-note');
    // The note is about that export of that view: another filter clears it.
    await page.getByTestId('filter-path').fill('/seed/2');
    await listSettled(page);
    expect(await page.getByTestId('export-note').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
