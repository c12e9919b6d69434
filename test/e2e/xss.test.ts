/**
 * Captured payloads are attacker-controlled. An XSS corpus in bodies (HTML, JSON keys and values, SVG/XML,
 * form fields), header names and values, paths and query values is captured byte for byte, every request
 * is opened in every body view, and nothing may execute: no alert/confirm/prompt, no dialog, no injected
 * element or event-handler attribute, no javascript: link, no CSP violation, no page error.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, skipBrowserTests } from '../helpers/browser.js';
import { sendRaw } from '../helpers/raw-http.js';
import { rows, send, twilioSignature, useHarness, WAIT } from './harness.js';

const CORPUS = [
  '<img src=x onerror="window.__pwned(1)">',
  '<script>window.__pwned(2)</script>',
  'javascript:window.__pwned(3)',
  '<svg onload="window.__pwned(4)"><script>window.__pwned(5)</script></svg>',
  '"><iframe src="javascript:window.__pwned(6)"></iframe>',
  '<a href="javascript:window.__pwned(7)">click</a>',
  "'-alert(8)-'",
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned(9)>',
  '{{constructor.constructor(\'window.__pwned(10)\')()}}',
  '<details open ontoggle="window.__pwned(11)">',
];
const ALL = CORPUS.join('\n');

/** Every body view of the open request, one after the other. */
async function visitBodyModes(page: Page): Promise<number> {
  const modes = await page.locator('[data-testid^="body-mode-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  for (const mode of modes) {
    await page.getByTestId(mode).click();
    await page.locator(`[data-testid="body-view"][data-mode="${mode.slice('body-mode-'.length)}"], [data-testid="decoded-body"]`).first().waitFor(WAIT);
  }
  // Expand every JSON node so keys and values deep down render too.
  for (const more of await page.getByRole('button', { name: 'expand all' }).all()) await more.click();
  return modes.length;
}

async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
        if (/^\s*javascript:/i.test(attr.value) && (attr.name === 'href' || attr.name === 'src' || attr.name === 'action')) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      }
    }
    for (const el of Array.from(document.querySelectorAll('iframe, object, embed, svg, math, img, details[open][ontoggle], script:not([src]), style, base, form[action]'))) {
      found.push(`element ${el.tagName.toLowerCase()}`);
    }
    const scripts = Array.from(document.querySelectorAll('script[src]')).map((s) => s.getAttribute('src')!);
    for (const src of scripts) if (!/^\.?\/assets\/index-[\w-]+\.js$/.test(src)) found.push(`script ${src}`);
    return found;
  });
}

describe('XSS corpus', () => {
  const h = useHarness();

  it.skipIf(skipBrowserTests)('never executes payloads from bodies, headers, paths or query values', async () => {
    const hs = await h.start({ secrets: [{ provider: 'twilio', value: '0123456789abcdef0123456789abcdef', source: 'cli' }] });
    const cap = hs.urls.capture;

    // Bodies: HTML, JSON (payloads as keys and values), SVG/XML, form fields, plain text.
    await send(cap, '/xss/html', ALL, { 'Content-Type': 'text/html' });
    await send(cap, '/xss/json', JSON.stringify(Object.fromEntries(CORPUS.map((p, i) => [p, { [`k${i}`]: p, list: [p] }]))));
    await send(cap, '/xss/svg', `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned(12)"><script>window.__pwned(13)</script></svg>`, { 'Content-Type': 'image/svg+xml' });
    await send(cap, '/xss/form', new URLSearchParams(CORPUS.map((p, i) => [p, `${p}#${i}`])).toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
    // Headers: names must be tokens, so the markup goes into values.
    const evilHeaders: Array<[string, string]> = CORPUS.map((p, i) => [`X-Evil-${i}`, p]);
    // Paths and query values, raw on the wire (fetch would percent-encode them).
    const rawTargets = [
      // No spaces in a request-target: `/` separates the attributes instead (HTML parsers accept it).
      '/<img/src=x/onerror=window.__pwned(14)>',
      '/javascript:window.__pwned(15)',
      '/q?u=javascript:window.__pwned(16)&h=<script>window.__pwned(17)</script>&s=<svg/onload=window.__pwned(18)>',
      `/enc?v=${encodeURIComponent('<img src=x onerror=window.__pwned(19)>')}`,
    ];
    for (const target of rawTargets) {
      const res = await sendRaw({ url: cap, method: 'POST', target, headers: [['Content-Type', 'text/plain'], ...evilHeaders], body: ALL });
      expect(res.status).toBeLessThan(500);
    }
    // A signed request whose URL carries markup: it lands in candidate URLs and diagnoses too.
    const params = { Body: CORPUS[0]! };
    await sendRaw({
      url: cap,
      method: 'POST',
      target: '/tw/<b>bold</b>?x=<img/src=x/onerror=window.__pwned(20)>',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['X-Forwarded-Proto', 'https'],
        ['X-Twilio-Signature', twilioSignature('wrong-secret-value-0000000000000', 'https://evil.example/<svg>', params)],
      ],
      body: new URLSearchParams(params).toString(),
    });

    const { page, problems } = await h.openPage(hs.urls.ui);
    await page.addInitScript(() => {
      const calls: unknown[] = [];
      (window as unknown as { __calls: unknown[] }).__calls = calls;
      (window as unknown as { __pwned: (n: number) => void }).__pwned = (n) => calls.push(n);
      for (const name of ['alert', 'confirm', 'prompt'] as const) (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => calls.push([name, ...args]);
    });
    await page.reload();
    await page.locator('[data-testid="live-status"][data-status="open"]').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('request-list').getAttribute('data-count')).toBe('9');

    const count = await rows(page).count();
    let views = 0;
    for (let i = 0; i < count; i++) {
      await rows(page).nth(i).click();
      await page.getByTestId('request-detail').waitFor(WAIT);
      views += await visitBodyModes(page);
      expect(await injected(page)).toEqual([]);
    }
    expect(views).toBeGreaterThanOrEqual(18);

    // The payloads are there, as text.
    await rows(page).filter({ hasText: '/xss/html' }).click();
    await page.getByTestId('body-mode-raw').click();
    expect(await page.locator('[data-testid="body-view"][data-mode="raw"]').textContent()).toBe(ALL);
    await rows(page).filter({ hasText: '/<img/src=x' }).click();
    await page.getByTestId('request-detail').waitFor(WAIT);
    expect(await page.getByTestId('detail-url').textContent()).toBe(rawTargets[0]);
    expect(await page.getByTestId('header-value').allTextContents()).toEqual(expect.arrayContaining(CORPUS));
    await rows(page).filter({ hasText: '/q?u=javascript:' }).click();
    await page.getByTestId('query-table').waitFor(WAIT);
    expect(await page.getByTestId('query-row').allTextContents()).toEqual([
      'ujavascript:window.__pwned(16)',
      'h<script>window.__pwned(17)</script>',
      's<svg/onload=window.__pwned(18)>',
    ]);
    await rows(page).filter({ hasText: '/tw/' }).click();
    await page.locator('[data-testid="verification"][data-verdict="failed"]').waitFor(WAIT);
    expect(await page.getByTestId('candidate-url').first().textContent()).toContain('<b>bold</b>');
    await screenshot(page, 'xss-corpus');

    // Search with markup in the query box, and the filter controls, render it as text too.
    await page.getByTestId('search').fill('<img src=x onerror=window.__pwned(21)>');
    await page.locator('[data-testid="request-list"][data-state="ready"]').waitFor(WAIT);

    expect(await injected(page)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __calls: unknown[] }).__calls)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
