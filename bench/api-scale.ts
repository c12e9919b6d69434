/**
 * The API with 100k stored requests, seeded through the capture path: list page, full-text search and
 * detail fetch p95, against the baseline of a trivial API call (/api/info) in the same run; database
 * size and the server's RSS.
 */
import autocannon from 'autocannon';
import http from 'node:http';
import { startHookscopeChild } from './hookscope-child.js';
import { percentile, round } from './stats.js';
import { waitForSearchIndex } from './search-index.js';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${url} → ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

async function sample(urls: () => string, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await get(urls()));
  return out;
}

/** A realistic spread: unique event ids, 1000 customers, a few event types. */
function webhookBody(n: number): string {
  const types = ['invoice.paid', 'customer.created', 'charge.refunded', 'payment_intent.succeeded'];
  return JSON.stringify({ id: `evt_${n.toString(36).padStart(8, '0')}`, type: types[n % types.length], data: { object: { customer: `cus_${String(n % 1000).padStart(4, '0')}`, amount: n % 9973, description: 'x'.repeat(700) } } });
}

export async function benchApiScale(total = 100_000) {
  const app = await startHookscopeChild(['--keep', String(total * 2)]);
  try {
    let n = 0;
    const seeded = await autocannon({
      url: app.capture + '/webhooks/stripe',
      connections: 32,
      amount: total,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/webhooks/stripe?n=${n}`, body: webhookBody(n++) }) }],
    } as Parameters<typeof autocannon>[0]);
    if (seeded['2xx'] !== total) throw new Error(`seeding stored ${seeded['2xx']} of ${total}`);
    // Measure steady state, as a user sees it a moment after the burst: the index caught up first.
    await waitForSearchIndex(app.ui);

    const baseline = await sample(() => `${app.ui}/api/info`, 300);
    const list = await sample(() => `${app.ui}/api/requests?limit=50`, 300);
    const terms = ['cus_0042', 'charge.refunded', 'evt_0000abc', 'webhooks/stripe?n=777', 'nothing-matches-this', 'payment_intent'];
    let t = 0;
    const search = await sample(() => `${app.ui}/api/requests?limit=50&q=${encodeURIComponent(terms[t++ % terms.length]!)}`, 120);
    const detail = await sample(() => `${app.ui}/api/requests/${1 + Math.floor(Math.random() * total)}`, 300);
    const metrics = await app.metrics();
    return {
      stored: metrics.rows,
      seedRps: round(seeded.requests.average, 0),
      baselineP95Ms: round(percentile(baseline, 95), 2),
      listP95Ms: round(percentile(list, 95), 2),
      searchP95Ms: round(percentile(search, 95), 2),
      detailP95Ms: round(percentile(detail, 95), 2),
      dbMiB: round(app.dbBytes() / 2 ** 20, 1),
      rssMiB: round(metrics.rssBytes / 2 ** 20, 1),
    };
  } finally {
    await app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchApiScale(Number(process.argv[2] ?? 100_000)));
