/**
 * `npm run bench`: every figure is a ratio or difference against a baseline measured in the same run,
 * because the machines are noisy. Prints one table and writes bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchIngest, ingestConnections, type IngestResult } from './ingest.js';
import { benchForward } from './forward.js';
import { benchApiScale } from './api-scale.js';
import { benchLive } from './live.js';
import { benchVerify } from './verify.js';
import { benchUi } from './ui.js';
import { round } from './stats.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

const results: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  date: new Date().toISOString(),
};
const rows: Array<[string, string, string]> = [];

if (want('ingest')) {
  // Both ends of the 20-50 connection range: fewer connections means smaller commit batches, so
  // each row carries more of a commit's fixed cost — reporting only 50 would show the kinder end.
  const runs: IngestResult[] = [];
  for (const connections of ingestConnections()) runs.push(await benchIngest(connections));
  results.ingest = runs;
  for (const r of runs) {
    const at = `${r.connections} conns`;
    rows.push([
      `ingest req/s, ${at} (hookscope / no-op node:http)`,
      `${r.hookscopeRps} / ${r.noopRps}`,
      `ratio ${r.ratio} (target ≥ 0.6); ${r.rounds} alternating ${r.roundS} s rounds each, pairs ${r.roundRatioMin}–${r.roundRatioMax}`,
    ]);
    rows.push([`ingest latency p50 / p99 ms, ${at} (hookscope)`, `${r.hookscopeP50Ms} / ${r.hookscopeP99Ms}`, `no-op: ${r.noopP50Ms} / ${r.noopP99Ms} (p99: worst round)`]);
    const lost = r.stored < r.acknowledged || r.stored > r.acknowledged + r.connections * r.rounds;
    rows.push([`ingest rows stored / 2xx answers, ${at}`, `${r.stored} / ${r.acknowledged}`, lost ? 'MISMATCH' : 'ok: every answered request stored']);
    if (r.hookscopeCpuUsPerRequest !== null && r.noopCpuUsPerRequest !== null) {
      rows.push([
        `ingest server CPU µs per request, ${at} (hookscope / no-op)`,
        `${r.hookscopeCpuUsPerRequest} / ${r.noopCpuUsPerRequest}`,
        `all threads; the no-op needs ${round(r.noopCpuUsPerRequest / r.hookscopeCpuUsPerRequest)}× hookscope's`,
      ]);
    }
  }
  rows.push(['start-up to listening (ms)', String(runs[runs.length - 1]!.hookscopeStartupMs), '']);
}

if (want('forward')) {
  const r = await benchForward();
  results.forward = r;
  rows.push(['forward added latency p50 / p99 ms', `${r.addedP50Ms} / ${r.addedP99Ms}`, `direct ${r.directP50Ms} / ${r.directP99Ms} (targets ≤ 1 / ≤ 5)`]);
  rows.push(['forward req/s at saturation (via / direct)', `${r.forwardRps} / ${r.directRps}`, `ratio ${r.throughputRatio} (target ≥ 0.5); a bare node:http proxy: ${r.bareProxyRatio}`]);
}

if (want('api')) {
  const r = await benchApiScale();
  results.api = r;
  rows.push([`API with ${r.stored} stored: list page p95 ms`, String(r.listP95Ms), `baseline /api/info p95 ${r.baselineP95Ms} (target ≤ 10)`]);
  rows.push(['API: full-text search p95 / detail p95 ms', `${r.searchP95Ms} / ${r.detailP95Ms}`, 'target search ≤ 100']);
  rows.push(['API: database size MiB / server RSS MiB', `${r.dbMiB} / ${r.rssMiB}`, 'target RSS ≤ 200']);
}

if (want('live')) {
  const r = await benchLive();
  results.live = r;
  rows.push([`live delivery at ${r.rate} req/s p50 / p95 ms`, `${r.deliveryP50Ms} / ${r.deliveryP95Ms}`, 'target p95 ≤ 100']);
  rows.push(['event-loop delay p99 ms (under load / idle)', `${r.eventLoopP99Ms} / ${r.idleEventLoopP99Ms}`, 'target ≤ 20']);
}

if (want('verify')) {
  const r = benchVerify();
  results.verify = r;
  rows.push(['verify+diagnose failing request p95 ms', String(r.failingP95Ms), `${r.ratioP95}× a passing verify (${r.passingP95Ms}); target ≤ 5`]);
}

if (want('ui')) {
  const r = await benchUi();
  results.ui = r;
  rows.push([`UI with ${r.storedRequests} stored: first list paint ms (median)`, String(r.firstPaintMedianMs), 'target ≤ 200']);
  rows.push(['UI: search p95 ms / longest task while scrolling ms', `${r.searchP95Ms} / ${r.scrollLongestTaskMs}`, 'targets ≤ 100 / ≤ 50']);
  rows.push([`UI: live row visible at ${r.liveRatePerS}/s p95 ms`, String(r.liveP95Ms), 'target ≤ 100']);
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nhookscope benchmarks — ${os.cpus().length} cores, ${process.version}`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(22)} ${note}`);
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/results.json');
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(`\nwritten ${out}`);
