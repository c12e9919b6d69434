/**
 * Ingest: 1 KB JSON POSTs on keep-alive connections to hookscope's capture port vs to a no-op node:http
 * server in the same run. Also checks that every 2xx answer has its row in the database.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild } from './child.js';
import { round } from './stats.js';
import { distFile, HOOKSCOPE_BIN } from './paths.js';

export interface IngestResult {
  connections: number;
  durationS: number;
  amount: number;
  noopRps: number;
  hookscopeRps: number;
  ratio: number;
  noopP50Ms: number;
  noopP99Ms: number;
  hookscopeP50Ms: number;
  hookscopeP99Ms: number;
  acknowledged: number;
  stored: number;
  hookscopeStartupMs: number;
}

const body = JSON.stringify({ id: 'evt_bench', type: 'invoice.paid', data: { object: { pad: 'x'.repeat(940) } } });

async function load(url: string, connections: number, duration: number) {
  // Warm-up so JIT and SQLite page cache are hot for both sides alike.
  await autocannon({ url, connections, duration: 1, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return autocannon({ url, connections, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

export async function benchIngest(connections = 32, duration = 8, amount = 40_000): Promise<IngestResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookscope-bench-'));
  const db = path.join(dir, 'bench.db');
  try {
    const noop = await startChild([distFile('bench/servers/noop-server.js')]);
    const noopResult = await load(noop.line.url!, connections, duration);
    await noop.stop();

    const hookscope = await startChild([HOOKSCOPE_BIN, 'start', '--json', '--port', '0', '--ui-port', '0', '--no-open', '--db', db, '--keep', '10000000']);
    const before = countRows(db);
    // A fixed request count (not a duration) so every request completes and rows can be compared exactly.
    const result = await autocannon({ url: hookscope.line.capture!, connections, amount, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const acknowledged = result['2xx'];
    await hookscope.stop();
    const stored = countRows(db) - before;
    return {
      connections,
      durationS: duration,
      amount,
      noopRps: round(noopResult.requests.average, 0),
      hookscopeRps: round(result.requests.average, 0),
      ratio: round(result.requests.average / noopResult.requests.average),
      noopP50Ms: noopResult.latency.p50,
      noopP99Ms: noopResult.latency.p99,
      hookscopeP50Ms: result.latency.p50,
      hookscopeP99Ms: result.latency.p99,
      acknowledged,
      stored,
      hookscopeStartupMs: round(hookscope.startupMs, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function countRows(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
