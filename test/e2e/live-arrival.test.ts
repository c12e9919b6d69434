/**
 * The walking skeleton end to end: a real hookscope (capture + UI ports, SQLite file), the built UI
 * in Debian's Chromium, and webhooks sent with fetch. Every wait is on a DOM state, never a sleep.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot, skipBrowserTests } from '../helpers/browser.js';
import { markNoReload, rowFor, rows, send as capture, stillSamePage, useHarness, WAIT, type Hookscope } from './harness.js';

async function send(captureUrl: string, target: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  await capture(captureUrl, target, body, headers);
}

describe('live arrival in the browser', () => {
  const h = useHarness();
  const start = (opts: { uiPort?: number; db?: string } = {}): Promise<Hookscope> => h.start(opts);
  const openPage = async (url: string) => {
    const { page, problems } = await h.openPage(url, { viewport: { width: 1280, height: 800 } });
    return { page, problems };
  };

  it.skipIf(skipBrowserTests)('shows a captured webhook without reloading, then its pretty body and headers', async () => {
    const hs = await start();
    const { page, problems } = await openPage(hs.urls.ui);
    await page.getByTestId('list-empty').waitFor(WAIT);
    await markNoReload(page);

    const marker = `e2e-${randomUUID()}`;
    const target = `/webhooks/shop?run=${marker}`;
    const payload = { id: 'evt_1', marker, amount: 1200, big: 12345678901234567890, nested: { ok: true, list: [1, 2], empty: {} } };
    // Compact on the wire, with a big integer that a parse/stringify round trip would mangle.
    const raw = JSON.stringify(payload).replace('12345678901234567000', '12345678901234567890');
    await send(hs.urls.capture, target, raw, { 'X-Marker': marker, 'User-Agent': 'hookscope-e2e' });

    const row = rowFor(page, target);
    await row.waitFor(WAIT);
    expect(await stillSamePage(page)).toBe(true);
    await expect.poll(() => rows(page).count()).toBe(1);
    await expect.poll(() => row.locator('.col-method').textContent()).toBe('POST');
    await screenshot(page, 'live-arrival-list');

    await row.click();
    await page.getByTestId('request-detail').waitFor(WAIT);
    expect(await page.getByTestId('detail-method').textContent()).toBe('POST');
    expect(await page.getByTestId('detail-url').textContent()).toBe(target);
    expect(await row.getAttribute('aria-selected')).toBe('true');

    // JSON opens as a collapsible tree; literals exactly as sent (no float rounding).
    const tree = page.locator('[data-testid="body-view"][data-mode="tree"]');
    await tree.waitFor(WAIT);
    expect(await tree.getAttribute('data-kind')).toBe('json');
    expect(await tree.locator('.jt-number', { hasText: '12345678901234567890' }).count()).toBe(1);
    // Pretty JSON, 2-space indented, re-indented from the bytes received.
    await page.getByTestId('body-mode-pretty').click();
    const body = page.locator('[data-testid="body-view"][data-mode="pretty"]');
    await body.waitFor(WAIT);
    const pretty = await body.textContent();
    expect(pretty).toBe(JSON.stringify(payload, null, 2).replace('12345678901234567000', '12345678901234567890'));
    expect(pretty).toContain('\n  "marker": "' + marker + '",\n');

    // Headers as received, in order, raw names.
    const headers = await page.getByTestId('header-row').evaluateAll((rows) =>
      rows.map((r) => [r.querySelector('th')!.textContent, r.querySelector('td')!.textContent] as [string, string]),
    );
    const names = headers.map(([n]) => n!.toLowerCase());
    expect(headers).toContainEqual([expect.stringMatching(/^x-marker$/i), marker]);
    expect(headers).toContainEqual([expect.stringMatching(/^content-type$/i), 'application/json']);
    expect(names.indexOf('host')).toBeGreaterThanOrEqual(0);
    expect(await page.getByTestId('detail-size').textContent()).toContain(`${Buffer.byteLength(raw)} B`);

    await page.getByTestId('body-mode-raw').click();
    expect(await page.getByTestId('body-view').textContent()).toBe(raw);
    await page.getByTestId('body-mode-pretty').click();
    await screenshot(page, 'live-arrival-detail');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'live-arrival-detail-dark');

    // A second request arrives while one is selected: prepended, selection unchanged.
    const target2 = `/webhooks/other?run=${marker}`;
    await send(hs.urls.capture, target2, '{"second":true}');
    await rowFor(page, target2).waitFor(WAIT);
    expect(await rows(page).first().getAttribute('data-request-id')).toBe(
      await rowFor(page, target2).getAttribute('data-request-id'),
    );
    expect(await row.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('detail-url').textContent()).toBe(target);
    expect(await stillSamePage(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('keeps the selected row where it is on screen when new requests arrive above it', async () => {
    const hs = await start();
    for (let i = 0; i < 60; i++) await send(hs.urls.capture, `/steady/${i}`, `{"i":${i}}`);
    const { page, problems } = await openPage(hs.urls.ui);
    const list = page.getByTestId('request-list');
    await expect.poll(() => list.getAttribute('data-count')).toBe('60');
    // Virtualized: far fewer rows exist in the DOM than the list holds.
    expect(await rows(page).count()).toBeLessThan(60);

    // Index 39 of 60 (newest first): scroll it into the rendered window, then into view.
    const scroller = page.locator('.list-scroll');
    await scroller.evaluate((el) => (el.scrollTop = 30 * 28));
    const selected = rowFor(page, '/steady/20');
    await selected.waitFor(WAIT);
    await selected.scrollIntoViewIfNeeded();
    await selected.click();
    await page.getByTestId('request-detail').waitFor(WAIT);
    expect(await scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    const y = (await selected.boundingBox())!.y;

    await send(hs.urls.capture, '/steady/new-a', '{}');
    await send(hs.urls.capture, '/steady/new-b', '{}');
    await expect.poll(() => list.getAttribute('data-count')).toBe('62');
    expect(Math.abs((await selected.boundingBox())!.y - y)).toBeLessThanOrEqual(1);
    expect(await selected.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('detail-url').textContent()).toBe('/steady/20');
    // The rows that arrived above are announced, and one click brings them into view.
    await page.getByTestId('new-above').click();
    await rowFor(page, '/steady/new-b').waitFor(WAIT);
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('shows form fields as a table, binary as a hex dump, and deletes with the token', async () => {
    const hs = await start();
    const { page, problems } = await openPage(hs.urls.ui);

    const form = await fetch(new URL('/form', hs.urls.capture), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'From=%2B15551234567&Body=hello+world&Body=again',
    });
    await form.arrayBuffer();
    await rowFor(page, '/form').click();
    await page.locator('[data-testid="body-view"][data-kind="form"]').waitFor(WAIT);
    const fields = await page.getByTestId('form-field').evaluateAll((rows) =>
      rows.map((r) => [r.querySelector('th')!.textContent, r.querySelector('td')!.textContent]),
    );
    expect(fields).toEqual([
      ['From', '+15551234567'],
      ['Body', 'hello world'],
      ['Body', 'again'],
    ]);

    const bytes = Uint8Array.from([0x00, 0xff, 0x10, 0x41, 0x42, 0x80, 0x0a]);
    const bin = await fetch(new URL('/binary', hs.urls.capture), {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
    await bin.arrayBuffer();
    await rowFor(page, '/binary').click();
    const hex = page.locator('[data-testid="body-view"][data-kind="binary"]');
    await hex.waitFor(WAIT);
    expect(await hex.textContent()).toMatch(/^00000000 {2}00 ff 10 41 42 80 0a {2}.*\|\.\.\.AB\.\.\|$/);
    await screenshot(page, 'body-kinds-hex');

    // DELETE from the page carries Origin, so the server demands the per-run token: it must be sent.
    await page.getByTestId('delete-request').click();
    await rowFor(page, '/binary').waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('detail-empty').waitFor(WAIT);
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    const left = (await (await fetch(new URL('/api/requests', hs.urls.ui))).json()) as { items: Array<{ url: string }> };
    expect(left.items.map((i) => i.url)).toEqual(['/form']);
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('reconnects after a restart on the same UI port and database', async () => {
    const db = path.join(h.tmp(), 'restart.db');
    const first = await start({ db });
    const { page, problems } = await openPage(first.urls.ui);
    await markNoReload(page);
    const marker = `e2e-${randomUUID()}`;
    const before = `/before?run=${marker}`;
    await send(first.urls.capture, before, '{"phase":"before"}');
    await rowFor(page, before).waitFor(WAIT);

    const uiPort = Number(new URL(first.urls.ui).port);
    await first.close();
    const banner = page.getByTestId('live-banner');
    await banner.waitFor(WAIT);
    expect(await banner.textContent()).toBe('Live connection lost — reconnecting…');
    await screenshot(page, 'reconnect-banner');

    // Sent as soon as the new server listens, typically before the page's next retry: the hub has no
    // client then, so the row can only appear through the refetch-and-merge on reconnect.
    const second = await start({ db, uiPort });
    const after = `/after?run=${marker}`;
    await send(second.urls.capture, after, '{"phase":"after"}');

    await rowFor(page, after).waitFor(WAIT);
    await banner.waitFor({ state: 'detached', ...WAIT });
    await page.locator('[data-testid="live-status"][data-status="open"]').waitFor(WAIT);
    expect(await stillSamePage(page)).toBe(true);
    // Merged, not duplicated: the row from before the restart is there once.
    expect(await rowFor(page, before).count()).toBe(1);
    expect(await rows(page).count()).toBe(2);

    // And live events flow on the new socket.
    const live = `/live-again?run=${marker}`;
    await send(second.urls.capture, live, '{"phase":"live"}');
    await rowFor(page, live).waitFor(WAIT);
    await screenshot(page, 'reconnect-after');
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('reports when the newest row was first painted (Element Timing), then goes live', async () => {
    const hs = await start();
    const marker = `e2e-${randomUUID()}`;
    await send(hs.urls.capture, `/older?run=${marker}`, '{}');
    await send(hs.urls.capture, `/newest?run=${marker}`, '{}');
    const { page, problems } = await openPage(hs.urls.ui);
    const entry = await page.evaluate(
      () =>
        new Promise<{ text: string | null; renderTime: number } | null>((resolve) => {
          new PerformanceObserver((list) => {
            for (const e of list.getEntries() as Array<PerformanceEntry & { identifier?: string; renderTime?: number; element?: Element | null }>) {
              if (e.identifier === 'hookscope-first-row') resolve({ text: e.element?.textContent ?? null, renderTime: e.renderTime ?? 0 });
            }
          }).observe({ type: 'element', buffered: true });
          setTimeout(() => resolve(null), 5_000);
        }),
    );
    expect(entry, 'no Element Timing entry for the first row').not.toBeNull();
    expect(entry!.text).toBe(`/newest?run=${marker}`);
    expect(entry!.renderTime).toBeGreaterThan(0);
    // The live socket connects once the rows are on screen, and still brings new arrivals.
    await page.locator('[data-testid="live-status"][data-status="open"]').waitFor(WAIT);
    await send(hs.urls.capture, `/after-paint?run=${marker}`, '{}');
    await rowFor(page, `/after-paint?run=${marker}`).waitFor(WAIT);
    expect(problems).toEqual([]);
  });
});
