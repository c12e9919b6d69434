/**
 * Keyboard navigation: j/k and the arrow keys move a cursor through the (virtualized) list, Enter opens,
 * / focuses search, Esc leaves the search box and then closes the detail; x marks for export.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, skipBrowserTests } from '../helpers/browser.js';
import { listSettled, rowUrls, send, useHarness, WAIT } from './harness.js';

async function cursorUrl(page: Page): Promise<string | null> {
  const row = page.locator('[data-testid="request-row"][data-cursor="true"]');
  return (await row.count()) === 0 ? null : row.getByTestId('row-url').textContent();
}

async function detailUrl(page: Page): Promise<string | null> {
  const detail = page.getByTestId('request-detail');
  return (await detail.count()) === 0 ? null : page.getByTestId('detail-url').textContent();
}

describe('keyboard', () => {
  const h = useHarness();

  it.skipIf(skipBrowserTests)('moves with j/k and arrows, opens with Enter, searches with /, closes with Esc', async () => {
    const hs = await h.start();
    for (let i = 0; i < 60; i++) await send(hs.urls.capture, `/kb/${String(i).padStart(2, '0')}`, `{"i":${i}}`);
    const { page, problems } = await h.openPage(hs.urls.ui);
    await expect.poll(() => page.getByTestId('request-list').getAttribute('data-count')).toBe('60');

    await page.keyboard.press('j');
    await expect.poll(() => cursorUrl(page)).toBe('/kb/59');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => cursorUrl(page)).toBe('/kb/57');
    await page.keyboard.press('k');
    await expect.poll(() => cursorUrl(page)).toBe('/kb/58');
    // Moving does not open; Enter does.
    expect(await detailUrl(page)).toBe(null);
    await page.keyboard.press('Enter');
    await page.getByTestId('request-detail').waitFor(WAIT);
    expect(await detailUrl(page)).toBe('/kb/58');
    const openId = await page.getByTestId('request-detail').getAttribute('data-request-id');
    await expect.poll(() => new URL(page.url()).searchParams.get('open')).toBe(openId);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => cursorUrl(page)).toBe('/kb/59');
    expect(await detailUrl(page)).toBe('/kb/58');
    await page.keyboard.press('Enter');
    await expect.poll(() => detailUrl(page)).toBe('/kb/59');

    // Far down the list: the cursor row is scrolled into view (and rendered, though the list is virtualized).
    for (let i = 0; i < 45; i++) await page.keyboard.press('j');
    await expect.poll(() => cursorUrl(page)).toBe('/kb/14');
    const cursor = page.locator('[data-testid="request-row"][data-cursor="true"]');
    const box = (await cursor.boundingBox())!;
    const list = (await page.getByTestId('request-list').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(list.y - 1);
    expect(box.y + box.height).toBeLessThanOrEqual(list.y + list.height + 1);
    await page.keyboard.press('x');
    await expect.poll(() => cursor.getAttribute('data-marked')).toBe('true');
    expect(await page.getByTestId('marked-count').textContent()).toBe('1 marked');
    await screenshot(page, 'keyboard-cursor');

    // "/" focuses search; typing there does not move the cursor; Esc leaves the box, the filter stays.
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search');
    await page.keyboard.type('kb/0');
    await listSettled(page);
    expect(await rowUrls(page)).toEqual(['/kb/09', '/kb/08', '/kb/07', '/kb/06', '/kb/05', '/kb/04', '/kb/03', '/kb/02', '/kb/01', '/kb/00']);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)).not.toBe('search');
    expect(await page.getByTestId('search').inputValue()).toBe('kb/0');
    await page.keyboard.press('j');
    await expect.poll(() => cursorUrl(page)).toBe('/kb/09');

    // Esc closes the open request.
    expect(await detailUrl(page)).toBe('/kb/59');
    await page.keyboard.press('Escape');
    await page.getByTestId('detail-empty').waitFor(WAIT);
    await expect.poll(() => new URL(page.url()).searchParams.get('open')).toBe(null);
    expect(problems).toEqual([]);
  });
});
