/**
 * `npm run bench`: every figure is a ratio or difference against a baseline measured in the same run,
 * because the machines are noisy. Prints one table and writes bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchIngest } from './ingest.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

const results: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  date: new Date().toISOString(),
};
const rows: Array<[string, string, string]> = [];

if (want('ingest')) {
  const r = await benchIngest();
  results.ingest = r;
  rows.push(['ingest req/s (hookscope / no-op node:http)', `${r.hookscopeRps} / ${r.noopRps}`, `ratio ${r.ratio} (target ≥ 0.6)`]);
  rows.push(['ingest latency p50 / p99 ms (hookscope)', `${r.hookscopeP50Ms} / ${r.hookscopeP99Ms}`, `no-op: ${r.noopP50Ms} / ${r.noopP99Ms}`]);
  const lost = r.stored < r.acknowledged || r.stored > r.acknowledged + r.connections;
  rows.push(['ingest rows stored / 2xx answers', `${r.stored} / ${r.acknowledged}`, lost ? 'MISMATCH' : 'ok: every answered request stored']);
  rows.push(['start-up to listening (ms)', String(r.hookscopeStartupMs), '']);
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nhookscope benchmarks — ${os.cpus().length} cores, ${process.version}`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(22)} ${note}`);
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/results.json');
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(`\nwritten ${out}`);
