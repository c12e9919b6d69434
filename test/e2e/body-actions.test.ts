/**
 * Body viewers and request actions in the browser: the JSON tree, gzip/br decoded views, a large body
 * rendered progressively without long main-thread tasks, copy as curl (run for real), download, HAR
 * export of the marked requests, and delete all.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RequestDetail } from '../../shared/api.js';
import { screenshot, skipBrowserTests } from '../helpers/browser.js';
import { rowFor, rows, send, useHarness, WAIT } from './harness.js';

// Async on purpose: the hookscope under test runs in this process, so a synchronous child would deadlock it.
const run = promisify(execFile);

describe('body views and actions', () => {
  const h = useHarness();

  it.skipIf(skipBrowserTests)('shows JSON as a collapsible tree and compressed bodies decoded', async () => {
    const hs = await h.start();
    const cap = hs.urls.capture;
    const json = '{"id":"evt_1","amount":1.10,"big":12345678901234567890,"dup":1,"dup":2,"data":{"object":{"items":[1,2,3],"esc":"a\\u00e9\\n"}}}';
    await send(cap, '/json', json);
    const payload = JSON.stringify({ hello: 'world', n: [1, 2, 3] });
    await send(cap, '/gz', gzipSync(payload), { 'Content-Encoding': 'gzip' });
    await send(cap, '/br', brotliCompressSync('plain text, brotli'), { 'Content-Encoding': 'br', 'Content-Type': 'text/plain' });
    const { page, problems } = await h.openPage(hs.urls.ui);

    await rowFor(page, '/json').click();
    const tree = page.locator('[data-testid="body-view"][data-mode="tree"]');
    await tree.waitFor(WAIT);
    // Literals exactly as sent, duplicate keys kept, escapes undone in strings.
    expect(await tree.locator('.jt-number').allTextContents()).toEqual(expect.arrayContaining(['1.10', '12345678901234567890', '1', '2']));
    expect(await tree.locator('.jt-key', { hasText: 'dup' }).count()).toBe(2);
    // Escapes undone for reading, control characters kept visible.
    expect(await tree.locator('.jt-string', { hasText: 'aé' }).textContent()).toBe('"aé\\n"');
    // Three levels start open, deeper ones collapsed with a summary; a click expands them.
    const items = tree.locator('[data-path="$.5.0.0"]');
    expect(await items.getAttribute('aria-expanded')).toBe('false');
    expect(await items.locator('.jt-summary').textContent()).toBe('3 items');
    await items.getByTestId('json-toggle').first().click();
    expect(await items.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('body-mode-raw').click();
    expect(await page.locator('[data-testid="body-view"][data-mode="raw"]').textContent()).toBe(json);
    await page.getByTestId('body-mode-tree').click();
    await screenshot(page, 'body-json-tree');

    await rowFor(page, '/gz').click();
    const decoded = page.getByTestId('decoded-body');
    await decoded.waitFor(WAIT);
    expect(await decoded.getAttribute('data-encoding')).toBe('gzip');
    await decoded.locator('[data-testid="body-view"][data-mode="tree"]').waitFor(WAIT);
    await decoded.getByTestId('decoded-mode-raw').click();
    expect(await decoded.locator('[data-testid="body-view"]').textContent()).toBe(payload);
    await page.getByTestId('body-mode-hex').click();
    expect(await page.locator('[data-testid="body-view"][data-mode="hex"]').textContent()).toMatch(/^00000000 {2}1f 8b/);

    await rowFor(page, '/br').click();
    await page.locator('[data-testid="decoded-body"][data-encoding="br"]').waitFor(WAIT);
    expect(await page.locator('[data-testid="decoded-body"] [data-testid="body-view"]').textContent()).toBe('plain text, brotli');
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('renders a 6 MB JSON body progressively, without freezing the page', async () => {
    const hs = await h.start();
    const big = JSON.stringify({ events: Array.from({ length: 40_000 }, (_, i) => ({ id: `evt_${i}`, type: 'invoice.paid', amount: i * 3, note: 'x'.repeat(80) })) });
    expect(big.length).toBeGreaterThan(5_000_000);
    await send(hs.urls.capture, '/big', big);
    const { page, problems } = await h.openPage(hs.urls.ui);
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask' });
    });
    await rowFor(page, '/big').click();
    const tree = page.locator('[data-testid="body-view"][data-mode="tree"]');
    await tree.waitFor({ timeout: 20_000 });
    expect(await tree.locator('[data-path="$.0"]').getAttribute('aria-expanded')).toBe('true');
    // A 40k-item array renders 100 children, then pages on demand.
    await page.getByRole('button', { name: 'show 100 more of 39,900' }).click();
    await tree.locator('[data-path="$.0[199]"]').waitFor(WAIT);
    await page.getByTestId('body-mode-raw').click();
    await page.locator('[data-testid="body-view"][data-mode="raw"][data-complete="true"]').waitFor({ timeout: 20_000 });
    // The first 1 MB is shown in blocks; the rest waits for "Show all".
    expect(await page.getByTestId('show-all').count()).toBe(1);
    await page.getByTestId('body-mode-hex').click();
    await page.locator('[data-testid="body-view"][data-mode="hex"]').waitFor(WAIT);
    // Virtualized: only the lines in view exist.
    expect(await page.locator('.hex-line').count()).toBeLessThan(100);
    const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
    // A freeze check, not a speed target (bench/ui.ts measures speed): rendering everything at once takes
    // many seconds for 6 MB; progressive rendering keeps every task far below this even on a loaded machine.
    expect(Math.max(0, ...long), `long tasks: ${long.map(Math.round).join(', ')}`).toBeLessThan(2000);
    expect(problems).toEqual([]);
  });

  it.skipIf(skipBrowserTests)('copies a working curl command, downloads the body, exports HAR of the marked requests, deletes all', async () => {
    const hs = await h.start();
    const cap = hs.urls.capture;
    const body = '{"quote":"it\'s","dollar":"$HOME","nl":"a\\nb"}';
    await send(cap, '/curl-me?x=1&y=%20z', body, { 'X-Custom': "va'lue", 'Stripe-Signature': 't=1,v1=abc' });
    const binId = await send(cap, '/bin', Uint8Array.from([0, 1, 2, 255, 39, 10]), { 'Content-Type': 'application/octet-stream' });
    const thirdId = await send(cap, '/third', '{}');
    const byId = (id: string) => page.locator(`[data-testid="request-row"][data-request-id="${id}"]`);
    const { page, context, problems } = await h.openPage(hs.urls.ui);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hs.urls.ui });

    for (const target of ['/curl-me?x=1&y=%20z', '/bin']) {
      await rowFor(page, target).first().click();
      await page.getByTestId('request-detail').waitFor(WAIT);
      await page.getByTestId('copy-curl').click();
      await page.locator('[data-testid="copy-curl"][data-state="copied"]').waitFor(WAIT);
      const command = await page.evaluate(() => navigator.clipboard.readText());
      expect(command).toContain(cap);
      // Run it: the capture port records a new request with the same method, target, headers and body.
      const { stdout: out } = await run('sh', ['-c', command], { encoding: 'utf8', timeout: 10_000 });
      const id = (JSON.parse(out) as { id: string }).id;
      const original = (await (await fetch(`${hs.urls.ui}/api/requests/${await page.getByTestId('request-detail').getAttribute('data-request-id')}`)).json()) as RequestDetail;
      const copy = (await (await fetch(`${hs.urls.ui}/api/requests/${id}`)).json()) as RequestDetail;
      expect(copy.method).toBe(original.method);
      expect(copy.url).toBe(original.url);
      expect(copy.body).toBe(original.body);
      const custom = (d: RequestDetail) => d.headers.filter(([n]) => /^(x-|stripe|content-type)/i.test(n));
      expect(custom(copy)).toEqual(custom(original));
    }

    // Download the body of the open request.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-body').click()]);
    expect([...readFileSync((await download.path())!)]).toEqual([0, 1, 2, 255, 39, 10]);

    // Mark two requests (Ctrl-click) and export them as HAR.
    await byId(thirdId).click({ modifiers: ['Control'] });
    await byId(binId).click({ modifiers: ['Control'] });
    expect(await page.getByTestId('marked-count').textContent()).toBe('2 marked');
    const [har] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-har').click()]);
    expect(har.suggestedFilename()).toBe('hookscope.har');
    const log = JSON.parse(readFileSync((await har.path())!, 'utf8')) as { log: { entries: Array<{ request: { url: string } }> } };
    expect(log.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual(['/bin', '/third']);

    // Delete all, with an in-page confirmation (no window.confirm dialog).
    await page.getByTestId('clear-all').click();
    await page.getByTestId('clear-all-confirm').click();
    await page.getByTestId('list-empty').waitFor(WAIT);
    expect(await rows(page).count()).toBe(0);
    expect(((await (await fetch(`${hs.urls.ui}/api/requests`)).json()) as { items: unknown[] }).items).toEqual([]);
    expect(problems).toEqual([]);
  });
});
