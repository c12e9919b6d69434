/**
 * Shared set-up for the browser end-to-end tests: one Chromium per file, a real hookscope per test (capture
 * and UI ports on port 0, a fresh SQLite file), pages watched for errors, CSP violations and dialogs.
 * Every wait is on a DOM state, never a sleep.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startHookscope, type StartOptions } from '../../server/app.js';
import { ensureUiBuilt, launchChromium, skipBrowserTests, watchPageProblems } from '../helpers/browser.js';

export type Hookscope = Awaited<ReturnType<typeof startHookscope>>;

export const WAIT = { timeout: 10_000 };

export interface Harness {
  start(options?: StartOptions): Promise<Hookscope>;
  openPage(url: string, options?: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' }): Promise<{ page: Page; problems: string[]; context: BrowserContext }>;
  tmp(): string;
}

/** Registers the hooks (call inside `describe`) and returns the helpers. */
export function useHarness(): Harness {
  let browser: Browser | undefined;
  let dir = '';
  let n = 0;
  const running: Hookscope[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (skipBrowserTests) return;
    dir = mkdtempSync(path.join(os.tmpdir(), 'hookscope-e2e-'));
    await ensureUiBuilt();
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
    for (const hs of running.splice(0)) await hs.close();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    tmp: () => dir,
    async start(options = {}) {
      const hs = await startHookscope({ port: 0, uiPort: 0, db: path.join(dir, `db-${++n}.sqlite`), log: () => {}, ...options });
      running.push(hs);
      return hs;
    },
    async openPage(url, options = {}) {
      const context = await browser!.newContext({ viewport: options.viewport ?? { width: 1360, height: 860 }, colorScheme: options.colorScheme ?? 'light' });
      contexts.push(context);
      const page = await context.newPage();
      const problems = await watchPageProblems(page);
      await page.goto(url);
      await page.locator('[data-testid="live-status"][data-status="open"]').waitFor(WAIT);
      await page.locator('[data-testid="request-list"][data-state="ready"]').waitFor(WAIT);
      return { page, problems, context };
    },
  };
}

/** POSTs to the capture port and returns the stored request's id. */
export async function send(
  captureUrl: string,
  target: string,
  body: string | Uint8Array = '',
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<string> {
  const res = await fetch(new URL(target, captureUrl), {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: method === 'GET' || method === 'HEAD' ? undefined : (body as BodyInit),
  });
  const text = await res.text();
  expect(res.status).toBeLessThan(500);
  return (JSON.parse(text) as { id: string }).id;
}

export function rows(page: Page) {
  return page.locator('[data-testid="request-row"]');
}

export function rowFor(page: Page, target: string) {
  return rows(page).filter({ has: page.locator('[data-testid="row-url"]', { hasText: target }) });
}

export async function rowUrls(page: Page): Promise<string[]> {
  return page.locator('[data-testid="row-url"]').allTextContents();
}

/**
 * Waits until the list shows the results for what the filter controls say now (the same `?…` the page
 * puts in its URL), so a test never reads the rows of a previous query.
 */
export async function listSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const value = (id: string) => (document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null)?.value ?? '';
      const params = new URLSearchParams();
      const controls: Array<[string, string]> = [
        ['q', value('search')],
        ['method', value('filter-method')],
        ['provider', value('filter-provider')],
        ['verdict', value('filter-verdict')],
        ['path', value('filter-path')],
      ];
      for (const [k, v] of controls) if (v) params.set(k, v);
      const expected = params.toString() ? `?${params}` : '';
      const list = document.querySelector('[data-testid="request-list"]');
      return list?.getAttribute('data-state') === 'ready' && list.getAttribute('data-query') === expected;
    },
    undefined,
    WAIT,
  );
}

/** Twilio's signature: base64 HMAC-SHA1 over the URL plus the sorted form params (name + value). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return createHmac('sha1', authToken).update(data).digest('base64');
}

/** A page marker that a reload or navigation would wipe. */
export async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __hookscopeE2E: boolean }).__hookscopeE2E = true));
}
export async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __hookscopeE2E?: boolean }).__hookscopeE2E === true);
}
