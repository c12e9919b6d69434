/**
 * UI benchmark at scale: 100k requests stored through the capture path (HTTP POSTs to the capture port,
 * like a provider sends them), then, in Debian's Chromium:
 *   - first list paint: navigation start → first row painted (Element Timing), cold cache, median of 7,
 *     next to the same figure for a static one-row page (the browser's floor on this machine, same run);
 *   - search: query typed → matching rows rendered, p50/p95 over a mix of rare and common terms;
 *   - scrolling: the longest main-thread task (PerformanceObserver 'longtask') while wheel-scrolling
 *     through ~15k rows, keyset pages loading as it goes;
 *   - live: capture send time → row painted, p50/p95, while 1000 requests/s arrive.
 *
 * Run alone: `node dist/bench/ui.js [--count 100000]` (after `npm run build`); `benchUi()` for bench/run.ts.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startChild } from './child.js';
import { HOOKSCOPE_BIN } from './paths.js';
import { percentile, round } from './stats.js';
import { waitForSearchIndex } from './search-index.js';

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface UiBenchOptions {
  /** Requests stored before measuring (default 100k). */
  count?: number;
  /** Live phase: requests per second and seconds (default 1000 × 8). */
  liveRate?: number;
  liveSeconds?: number;
  log?(message: string): void;
}

// ---- seeding through the capture port ---------------------------------------------------------

const TYPES = ['invoice.paid', 'customer.subscription.updated', 'charge.succeeded', 'payment_intent.created', 'checkout.session.completed', 'customer.created'];
const SOURCES = ['stripe', 'github', 'shopify', 'twilio', 'generic'];
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** One realistic ~700-byte webhook, different for every n (ids, customers, amounts, paths, some signature headers). */
function seedRequest(n: number): { path: string; body: string; headers: Record<string, string> } {
  const source = SOURCES[n % SOURCES.length]!;
  const body = JSON.stringify({
    id: `evt_${pad(n, 6)}`,
    type: TYPES[n % TYPES.length],
    created: 1_700_000_000 + n,
    livemode: false,
    data: {
      object: {
        id: `obj_${pad(n, 6)}`,
        customer: `cus_${pad(n % 50_000, 5)}`,
        amount: (n * 37) % 100_000,
        currency: n % 3 ? 'usd' : 'eur',
        description: `Order ${n} for customer ${n % 50_000}`,
        metadata: { order_id: `ord_${pad(n, 6)}`, region: ['eu-west', 'us-east', 'ap-south'][n % 3], note: 'lorem ipsum dolor sit amet '.repeat(8) },
      },
    },
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': `req_${pad(n, 7)}` };
  if (source === 'stripe') headers['stripe-signature'] = `t=${1_700_000_000 + n},v1=${pad(n, 64)}`;
  if (source === 'github') {
    headers['x-github-event'] = 'push';
    headers['x-hub-signature-256'] = `sha256=${pad(n, 64)}`;
  }
  return { path: `/webhooks/${source}/${n % 97}`, body, headers };
}

interface CannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}
type Cannon = (options: {
  url: string;
  connections: number;
  amount: number;
  requests: Array<{ setupRequest(req: CannonRequest): CannonRequest }>;
}) => Promise<{ '2xx': number; non2xx: number; errors: number; requests: { average: number } }>;

async function seed(captureUrl: string, count: number): Promise<{ seconds: number; rps: number; ok: number }> {
  let n = 0;
  const began = performance.now();
  const result = await (autocannon as unknown as Cannon)({
    url: captureUrl,
    connections: 32,
    amount: count,
    requests: [
      {
        setupRequest(req) {
          const r = seedRequest(n++);
          return { ...req, method: 'POST', path: r.path, body: r.body, headers: r.headers };
        },
      },
    ],
  });
  const seconds = (performance.now() - began) / 1000;
  return { seconds, rps: count / seconds, ok: result['2xx'] };
}

// ---- browser measurements ----------------------------------------------------------------------

/**
 * The browser's own floor, measured in the same run: a static page whose only content is one row of
 * text, served by a bare node:http server. What hookscope adds is firstPaint minus this.
 */
async function startFloorPage(): Promise<{ url: string; close(): Promise<void> }> {
  const html = '<!doctype html><meta charset="utf-8"><title>floor</title><div data-testid="request-row" elementtiming="hookscope-first-row">12:00:00.000 POST /webhooks/stripe</div>';
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Navigation start → the first row's text painted, from the browser's Element Timing entry. If the
 * entry never comes (the attribute moved off an element that holds text directly, say), the run fails
 * instead of quietly measuring something else.
 */
async function firstPaint(browser: Browser, uiUrl: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    const page = await context.newPage();
    // No Playwright locator here: its injected script would compete with the page for the main thread.
    await page.goto(uiUrl, { waitUntil: 'commit' });
    const ms = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            for (const e of list.getEntries() as Array<PerformanceEntry & { identifier?: string; renderTime?: number }>) {
              if (e.identifier === 'hookscope-first-row') resolve(e.renderTime || e.startTime);
            }
          }).observe({ type: 'element', buffered: true });
          setTimeout(() => resolve(-1), 10_000);
        }),
    );
    if (ms < 0) throw new Error(`no Element Timing entry "hookscope-first-row" from ${uiUrl} within 10 s`);
    return ms;
  } finally {
    await context.close();
  }
}

/** Types `q` into the search box (one input event, like a paste or the last keystroke) and times until its rows are painted. */
async function searchOnce(page: Page, q: string): Promise<{ ms: number; rows: number }> {
  return page.evaluate(
    (query) =>
      new Promise<{ ms: number; rows: number }>((resolve, reject) => {
        const input = document.querySelector('[data-testid="search"]') as HTMLInputElement;
        const list = document.querySelector('[data-testid="request-list"]')!;
        // The list's data-query is the page's `?…` for the results it shows (the same as the URL).
        const want = query ? `?${new URLSearchParams({ q: query })}` : '';
        const start = performance.now();
        const done = () => {
          const key = list.getAttribute('data-query') ?? '';
          if (list.getAttribute('data-state') === 'ready' && key === want) {
            obs.disconnect();
            // The rows are committed; the frame that paints them follows this rAF.
            requestAnimationFrame(() => resolve({ ms: performance.now() - start, rows: Number(list.getAttribute('data-count')) }));
            return true;
          }
          return false;
        };
        const obs = new MutationObserver(() => void done());
        obs.observe(list, { attributes: true, attributeFilter: ['data-query', 'data-state'] });
        setTimeout(() => reject(new Error(`search ${query} did not settle`)), 15_000);
        if (input.value === query) setTimeout(done, 0); // nothing to change: already showing it
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        setter.call(input, query);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    q,
  );
}

const QUERIES = [
  'evt_012345', 'ord_099871', 'cus_04217', 'req_0077777', 'obj_054321', // one or a few matches
  'invoice.paid', 'charge.succeeded', 'eu-west', 'github', 'x-hub-signature', // a sixth to a fifth of all rows
  'usd', 'lorem ipsum', 'webhooks/stripe', 'Order 4', 'customer 12', // very common
  'evt_09', 'cus_4999', 'checkout.session', 'ap-south', 'nothing-matches-this',
];

async function searchLatencies(browser: Browser, uiUrl: string): Promise<{ p50: number; p95: number; max: number; samples: number }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(uiUrl);
    await page.locator('[data-testid="request-row"]').first().waitFor({ timeout: 30_000 });
    const times: number[] = [];
    // Warm-up (JIT, statement cache), not counted.
    await searchOnce(page, 'warm-up');
    for (let round = 0; round < 2; round++) {
      for (const q of QUERIES) {
        // Back to the unfiltered list between queries, like a user clearing the box.
        await searchOnce(page, '');
        times.push((await searchOnce(page, q)).ms);
      }
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), samples: times.length };
  } finally {
    await context.close();
  }
}

async function scrollLongTasks(browser: Browser, uiUrl: string): Promise<{ longestMs: number; longTasks: number; rowsScrolled: number; rowsLoaded: number }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(uiUrl);
    await page.locator('[data-testid="request-row"]').first().waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask' });
    });
    const list = page.getByTestId('request-list');
    const box = (await list.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // ~15k rows: 360 wheel steps of 1200 px, one per frame-ish, then a few scrollbar-like jumps.
    for (let i = 0; i < 360; i++) {
      await page.mouse.wheel(0, 1200);
      await page.waitForTimeout(16);
    }
    for (let i = 0; i < 20; i++) {
      await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.waitForTimeout(120);
    }
    await page.waitForTimeout(300);
    const result = await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      const el = document.querySelector('[data-testid="request-list"]') as HTMLElement;
      return { long: w.__long, top: el.scrollTop, count: Number(el.getAttribute('data-count')) };
    });
    return { longestMs: Math.max(0, ...result.long), longTasks: result.long.length, rowsScrolled: Math.round(result.top / 28), rowsLoaded: result.count };
  } finally {
    await context.close();
  }
}

/** Sends `rate` requests/s for `seconds` over keep-alive connections; each path carries its send time. */
async function sendAtRate(captureUrl: string, rate: number, seconds: number): Promise<{ sent: number; ok: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const url = new URL(captureUrl);
  let sent = 0;
  let ok = 0;
  const pending = new Set<Promise<void>>();
  const one = (n: number) => {
    const body = seedRequest(n).body;
    const p = new Promise<void>((resolve) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method: 'POST', path: `/live/${Date.now()}-${n}`, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode && res.statusCode < 300) ok++;
            resolve();
          });
        },
      );
      req.on('error', () => resolve());
      req.end(body);
    });
    pending.add(p);
    void p.then(() => pending.delete(p));
  };
  const began = performance.now();
  const total = rate * seconds;
  // A 10 ms tick sends whatever the schedule says is due: a steady rate without a timer per request.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - began) / 1000) * rate));
      while (sent < due) one(sent++);
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  await Promise.all(pending);
  agent.destroy();
  return { sent, ok };
}

async function liveDelays(browser: Browser, uiUrl: string, captureUrl: string, rate: number, seconds: number) {
  // A tall window: every request of a 50 ms socket batch gets a row on screen, so none goes unmeasured.
  const context = await browser.newContext({ viewport: { width: 1360, height: 2400 } });
  try {
    const page = await context.newPage();
    await page.goto(uiUrl);
    await page.locator('[data-testid="live-status"][data-status="open"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="request-row"]').first().waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      const w = window as unknown as { __live: number[]; __long: number[] };
      w.__live = [];
      w.__long = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask' });
      const seen = new Set<string>();
      const list = document.querySelector('[data-testid="request-list"]')!;
      new MutationObserver(() => {
        // Rows are in the DOM now; they are on screen at the next paint, which follows this rAF.
        requestAnimationFrame(() => {
          const painted = Date.now();
          for (const el of Array.from(list.querySelectorAll('[data-testid="row-url"]'))) {
            const m = /^\/live\/(\d+)-(\d+)$/.exec(el.textContent ?? '');
            if (!m || seen.has(m[2]!)) continue;
            seen.add(m[2]!);
            w.__live.push(painted - Number(m[1]));
          }
        });
      }).observe(list, { childList: true, subtree: true, characterData: true });
    });
    const { sent, ok } = await sendAtRate(captureUrl, rate, seconds);
    await page.waitForTimeout(500);
    const { delays, long } = await page.evaluate(() => {
      const w = window as unknown as { __live: number[]; __long: number[] };
      return { delays: w.__live, long: w.__long };
    });
    return {
      sent,
      ok,
      seen: delays.length,
      p50: percentile(delays, 50),
      p95: percentile(delays, 95),
      max: Math.max(...delays),
      longestTask: Math.max(0, ...long),
    };
  } finally {
    await context.close();
  }
}

// ---- the benchmark -----------------------------------------------------------------------------

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} → ${res.status}`);
  return (await res.json()) as T;
}

export async function benchUi(options: UiBenchOptions = {}): Promise<Record<string, number>> {
  const count = options.count ?? 100_000;
  const log = options.log ?? ((m: string) => console.error(`[bench ui] ${m}`));
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`the UI benchmark needs Debian's chromium at ${CHROMIUM_PATH}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'hookscope-bench-ui-'));
  const db = path.join(dir, 'bench.db');
  const hookscope = await startChild([HOOKSCOPE_BIN, 'start', '--json', '--port', '0', '--ui-port', '0', '--no-open', '--db', db, '--keep', '200000']);
  let browser: Browser | undefined;
  try {
    const capture = hookscope.line.capture!;
    const ui = hookscope.line.ui!;
    log(`seeding ${count} requests through ${capture} …`);
    const seeded = await seed(capture, count);
    const newest = await json<{ items: Array<{ id: string }> }>(`${ui}/api/requests?limit=1`);
    const stored = Number(newest.items[0]?.id ?? 0);
    log(`seeded ${seeded.ok} in ${seeded.seconds.toFixed(1)} s (${Math.round(seeded.rps)} req/s); newest id ${stored}`);
    // Searches are timed against a current index: wait for the background indexer to reach the newest row.
    log(`search index caught up in ${Math.round(await waitForSearchIndex(ui))} ms`);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // Interleaved with the floor page, so both see the same machine load.
    const floor = await startFloorPage();
    const paints: number[] = [];
    const floors: number[] = [];
    try {
      for (let i = 0; i < 7; i++) {
        floors.push(await firstPaint(browser, floor.url));
        paints.push(await firstPaint(browser, ui));
      }
    } finally {
      await floor.close();
    }
    log(`first list paint: ${paints.map((p) => Math.round(p)).join(', ')} ms (static one-row page: ${floors.map((p) => Math.round(p)).join(', ')} ms)`);
    const search = await searchLatencies(browser, ui);
    log(`search: p50 ${search.p50.toFixed(1)} ms, p95 ${search.p95.toFixed(1)} ms over ${search.samples}`);
    const scroll = await scrollLongTasks(browser, ui);
    log(`scroll: ${scroll.rowsScrolled} rows, ${scroll.rowsLoaded} loaded, longest task ${scroll.longestMs} ms (${scroll.longTasks} over 50 ms)`);
    const rate = options.liveRate ?? 1000;
    const live = await liveDelays(browser, ui, capture, rate, options.liveSeconds ?? 8);
    log(`live at ${rate}/s: p50 ${live.p50} ms, p95 ${live.p95} ms, ${live.seen}/${live.sent} rows seen`);

    return {
      storedRequests: stored,
      seedSeconds: round(seeded.seconds, 1),
      seedRps: round(seeded.rps, 0),
      firstPaintMedianMs: round(percentile(paints, 50), 1),
      firstPaintMaxMs: round(Math.max(...paints), 1),
      firstPaintFloorMedianMs: round(percentile(floors, 50), 1),
      searchP50Ms: round(search.p50, 1),
      searchP95Ms: round(search.p95, 1),
      searchMaxMs: round(search.max, 1),
      searchSamples: search.samples,
      scrollRows: scroll.rowsScrolled,
      scrollLongestTaskMs: round(scroll.longestMs, 1),
      scrollLongTasks: scroll.longTasks,
      liveRatePerS: rate,
      liveSent: live.sent,
      liveRowsSeen: live.seen,
      liveP50Ms: live.p50,
      liveP95Ms: live.p95,
      liveMaxMs: live.max,
      liveLongestTaskMs: round(live.longestTask, 1),
    };
  } finally {
    await browser?.close();
    await hookscope.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const TARGETS: Array<[string, string, (r: Record<string, number>) => boolean]> = [
  ['first list paint (median / max ms)', '≤ 200', (r) => r.firstPaintMedianMs! <= 200],
  ['search p95 (ms)', '≤ 100', (r) => r.searchP95Ms! <= 100],
  ['longest task while scrolling (ms)', '≤ 50', (r) => r.scrollLongestTaskMs! <= 50],
  ['live update p95 at 1k req/s (ms)', '≤ 100', (r) => r.liveP95Ms! <= 100],
];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--count');
  const count = at > 0 ? Number(process.argv[at + 1]) : undefined;
  const r = await benchUi({ count });
  const values = [
    `${r.firstPaintMedianMs} / ${r.firstPaintMaxMs} (static page: ${r.firstPaintFloorMedianMs})`,
    `${r.searchP95Ms} (p50 ${r.searchP50Ms}, ${r.searchSamples} queries)`,
    `${r.scrollLongestTaskMs} (${r.scrollLongTasks} tasks > 50 ms over ${r.scrollRows} rows)`,
    `${r.liveP95Ms} (p50 ${r.liveP50Ms}, ${r.liveRowsSeen}/${r.liveSent} rows timed)`,
  ];
  console.log(`\nhookscope UI benchmark — ${r.storedRequests} stored requests (seeded at ${r.seedRps} req/s through the capture port)`);
  TARGETS.forEach(([name, target, ok], i) => console.log(`${name.padEnd(38)} ${values[i]!.padEnd(44)} target ${target} ${ok(r) ? 'ok' : 'MISSED'}`));
  console.log(JSON.stringify(r));
}
