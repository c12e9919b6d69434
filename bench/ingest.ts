/**
 * Ingest: 1 KB JSON POSTs on keep-alive connections to hookscope's capture port vs to a no-op node:http
 * server in the same run. Also checks that every 2xx answer has its row in the database: rows stored
 * must be at least the 2xx answers (a few requests still in flight when the run stops are stored but
 * never counted as answered, at most one per connection).
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild } from './child.js';
import { round } from './stats.js';
import { distFile, HOOKSCOPE_BIN } from './paths.js';
import { processCpuMs } from './process-cpu.js';

export interface IngestResult {
  connections: number;
  durationS: number;
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
  /** Server CPU (all threads) per answered request, µs; null without /proc. */
  noopCpuUsPerRequest: number | null;
  hookscopeCpuUsPerRequest: number | null;
}

const body = JSON.stringify({ id: 'evt_bench', type: 'invoice.paid', data: { object: { pad: 'x'.repeat(940) } } });

const post = (url: string, connections: number, duration: number) =>
  autocannon({ url, connections, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body });

export async function benchIngest(connections = Number(process.env.BENCH_CONNECTIONS ?? 50), duration = 8): Promise<IngestResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookscope-bench-'));
  const db = path.join(dir, 'bench.db');
  try {
    const noop = await startChild([distFile('bench/servers/noop-server.js')]);
    await post(noop.line.url!, connections, 1); // warm-up: JIT and caches hot for both sides alike
    const noopCpuBefore = processCpuMs(noop.process.pid);
    const noopResult = await post(noop.line.url!, connections, duration);
    const noopCpu = cpuPerRequest(noopCpuBefore, processCpuMs(noop.process.pid), noopResult['2xx']);
    await noop.stop();

    const hookscope = await startChild([HOOKSCOPE_BIN, 'start', '--json', '--port', '0', '--ui-port', '0', '--no-open', '--db', db, '--keep', '10000000']);
    await post(hookscope.line.capture!, connections, 1);
    await new Promise((r) => setTimeout(r, 200)); // let the warm-up's last requests land
    const before = countRows(db);
    const hookscopeCpuBefore = processCpuMs(hookscope.process.pid);
    const result = await post(hookscope.line.capture!, connections, duration);
    const acknowledged = result['2xx'];
    const hookscopeCpu = cpuPerRequest(hookscopeCpuBefore, processCpuMs(hookscope.process.pid), acknowledged);
    await hookscope.stop();
    const stored = countRows(db) - before;
    return {
      connections,
      durationS: duration,
      noopRps: round(rps(noopResult), 0),
      hookscopeRps: round(rps(result), 0),
      ratio: round(rps(result) / rps(noopResult)),
      noopP50Ms: noopResult.latency.p50,
      noopP99Ms: noopResult.latency.p99,
      hookscopeP50Ms: result.latency.p50,
      hookscopeP99Ms: result.latency.p99,
      acknowledged,
      stored,
      hookscopeStartupMs: round(hookscope.startupMs, 0),
      noopCpuUsPerRequest: noopCpu,
      hookscopeCpuUsPerRequest: hookscopeCpu,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuPerRequest(beforeMs: number | null, afterMs: number | null, requests: number): number | null {
  return beforeMs === null || afterMs === null || requests === 0 ? null : round(((afterMs - beforeMs) * 1000) / requests, 1);
}

/** Answered requests per second over the whole run (autocannon's per-second average is coarse). */
function rps(result: autocannon.Result): number {
  return result['2xx'] / result.duration;
}

function countRows(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
