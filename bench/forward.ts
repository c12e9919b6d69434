/**
 * Forward: what `--forward` costs over calling the app directly, measured in the same run.
 * - Latency: sequential 1 KB JSON POSTs on one keep-alive connection, direct to a no-op app vs through
 *   hookscope (capture, commit, forward, answer), interleaved one for one so machine noise hits both
 *   alike; the figure is the added p50 / p99.
 * - Throughput at saturation (autocannon): direct vs through hookscope. For context, in the same run:
 *   hookscope without --forward (capture alone), and a bare node:http keep-alive proxy with no capture at
 *   all — the most any Node forwarder can keep on this machine, since the load generator, the app and
 *   the proxy share its cores.
 * Servers run in child processes so the load generator does not share their event loop.
 * Alone: `node scripts/ensure-build.js && node dist/bench/forward.js`.
 */
import autocannon from 'autocannon';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './child.js';
import { distFile, HOOKSCOPE_BIN } from './paths.js';
import { percentile, round } from './stats.js';

const body = Buffer.from(JSON.stringify({ id: 'evt_bench', type: 'invoice.paid', data: { object: { pad: 'x'.repeat(940) } } }));

function post(url: URL, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      { host: url.hostname, port: url.port, path: '/webhooks/bench?x=1', method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode} from ${url.host}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The yardstick: a keep-alive reverse proxy that only forwards (no capture, no store, no verification). */
const BARE_PROXY = `
import http from 'node:http';
const target = new URL(process.env.BENCH_TARGET);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.rawHeaders, agent, setHost: false }, (r) => {
      const out = [];
      r.on('data', (c) => out.push(c));
      r.on('end', () => { res.writeHead(r.statusCode, r.rawHeaders); res.end(Buffer.concat(out)); });
    });
    up.end(Buffer.concat(chunks));
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const saturate = (url: string, connections: number, duration: number) =>
  autocannon({ url: `${url}/webhooks/bench`, connections, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body: body.toString() });

/** Answered requests per second over the whole run. */
const rps = (r: autocannon.Result) => r['2xx'] / r.duration;

export async function benchForward(options: { rounds?: number; connections?: number; duration?: number } = {}): Promise<Record<string, number>> {
  const rounds = options.rounds ?? 3000;
  const connections = options.connections ?? 16;
  const duration = options.duration ?? 6;
  const dir = mkdtempSync(path.join(tmpdir(), 'hookscope-bench-forward-'));
  const app = await startChild([distFile('bench/servers/noop-server.js')]);
  const appUrl = app.line.url!;
  const common = ['start', '--json', '--port', '0', '--ui-port', '0', '--no-open', '--no-tunnel-detect', '--keep', '1000000'];
  const forwarding = await startChild([HOOKSCOPE_BIN, ...common, '--db', path.join(dir, 'forward.db'), '--forward', appUrl]);
  try {
    // Sequential keep-alive latency, interleaved.
    const direct = new URL(appUrl);
    const via = new URL(forwarding.line.capture!);
    const directAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const viaAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 500; i++) {
      await post(direct, directAgent);
      await post(via, viaAgent);
    }
    const d: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < rounds; i++) {
      d.push(await post(direct, directAgent));
      v.push(await post(via, viaAgent));
    }
    directAgent.destroy();
    viaAgent.destroy();

    // Saturation.
    await saturate(appUrl, connections, 1);
    const directLoad = await saturate(appUrl, connections, duration);
    await saturate(forwarding.line.capture!, connections, 1);
    const forwardLoad = await saturate(forwarding.line.capture!, connections, duration);
    await forwarding.stop();

    const captureOnly = await startChild([HOOKSCOPE_BIN, ...common, '--db', path.join(dir, 'capture.db')]);
    await saturate(captureOnly.line.capture!, connections, 1);
    const captureLoad = await saturate(captureOnly.line.capture!, connections, duration);
    await captureOnly.stop();

    const bare = await startChild(['--input-type=module', '-e', BARE_PROXY], { BENCH_TARGET: appUrl });
    await saturate(bare.line.url!, connections, 1);
    const bareLoad = await saturate(bare.line.url!, connections, duration);
    await bare.stop();

    const p = (xs: number[], q: number) => round(percentile(xs, q), 3);
    return {
      rounds,
      directP50Ms: p(d, 50),
      directP99Ms: p(d, 99),
      forwardP50Ms: p(v, 50),
      forwardP99Ms: p(v, 99),
      addedP50Ms: round(percentile(v, 50) - percentile(d, 50), 3),
      addedP99Ms: round(percentile(v, 99) - percentile(d, 99), 3),
      connections,
      durationS: duration,
      directRps: round(rps(directLoad), 0),
      forwardRps: round(rps(forwardLoad), 0),
      throughputRatio: round(rps(forwardLoad) / rps(directLoad)),
      captureOnlyRps: round(rps(captureLoad), 0),
      forwardVsCaptureOnly: round(rps(forwardLoad) / rps(captureLoad)),
      bareProxyRps: round(rps(bareLoad), 0),
      bareProxyRatio: round(rps(bareLoad) / rps(directLoad)),
      forwardVsBareProxy: round(rps(forwardLoad) / rps(bareLoad)),
      forwardErrors: forwardLoad.errors + forwardLoad.non2xx,
    };
  } finally {
    await forwarding.stop();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await benchForward();
  console.log(JSON.stringify(r, null, 2));
  console.log(
    `\nforward adds p50 ${r.addedP50Ms} ms (target ≤ 1), p99 ${r.addedP99Ms} ms (target ≤ 5); ` +
      `throughput ${r.forwardRps} / ${r.directRps} req/s direct = ${r.throughputRatio} (target ≥ 0.5); ` +
      `capture only: ${r.captureOnlyRps} req/s; a bare node:http proxy: ${r.bareProxyRps} req/s = ${r.bareProxyRatio} of direct`,
  );
}
