/**
 * Real-browser helpers for the e2e tests: Debian's Chromium through playwright-core (never a
 * downloaded browser), a fresh build of the UI when its sources changed, and screenshots under
 * test-artifacts/.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const isCI = process.env.CI === 'true';
export const chromiumMissing = !existsSync(CHROMIUM_PATH);

const MISSING_MESSAGE =
  `Chromium is not installed at ${CHROMIUM_PATH}: the browser end-to-end tests need Debian's chromium ` +
  'package (apt-get install chromium). playwright-core never downloads a browser here.';

/**
 * Outside CI a machine without Chromium skips the browser tests (with a message); in CI
 * (CI=true) they run and fail loudly instead, so a broken CI image cannot pass silently.
 */
export const skipBrowserTests = chromiumMissing && !isCI;
if (skipBrowserTests) console.warn(`[e2e] skipped: ${MISSING_MESSAGE}`);

export async function launchChromium(): Promise<Browser> {
  if (chromiumMissing) throw new Error(MISSING_MESSAGE);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

const UI_INPUTS = ['ui/index.html', 'ui/src', 'ui/public', 'vite.config.ts', 'shared/api.ts', 'shared/protocol.ts'];

function newestMtime(p: string): number {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** True when ui/dist is missing or older than any UI source. */
export function uiBuildStale(): boolean {
  const built = path.join(REPO_ROOT, 'ui/dist/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return UI_INPUTS.some((p) => newestMtime(path.join(REPO_ROOT, p)) > builtAt);
}

/**
 * Builds the UI (vite build) when ui/dist is missing or stale, so the e2e tests never run against an
 * old bundle. A lock directory keeps two test workers from building into ui/dist at once.
 */
export async function ensureUiBuilt(): Promise<void> {
  if (!uiBuildStale()) return;
  const lock = path.join(os.tmpdir(), `hookscope-ui-build-${Buffer.from(REPO_ROOT).toString('hex').slice(-24)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 2 minutes belongs to a crashed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the UI build lock ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!uiBuildStale()) return; // another worker built it while we waited
    const { build } = await import('vite');
    await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Saves a full-page screenshot as test-artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Collects what must never happen on the page: uncaught errors, console errors and CSP violations
 * (the UI runs under `script-src 'self'; style-src 'self'`).
 */
export async function watchPageProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // The browser logs failed socket/fetch attempts while a test has the server down on purpose.
    if (/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|Failed to load resource/.test(text)) return;
    problems.push(`console.error: ${text}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return problems;
}
