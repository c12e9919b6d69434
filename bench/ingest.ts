/**
 * Ingest: 1 KB JSON POSTs on keep-alive connections to hookscope's capture port vs to a no-op node:http
 * server, in alternating rounds (no-op, hookscope, no-op, hookscope, ...). This machine's speed drifts
 * between levels that last tens of seconds (the no-op alone ran at 52k in one minute and 62k in the next),
 * so one long run of each compared whichever levels they happened to land on: 0.52–0.67 across runs of the
 * same build. Alternating pairs both sides within seconds of each other and sums over the rounds.
 * hookscope is paused (SIGSTOP) during the no-op's rounds, so its background work — the search index
 * catching up — never runs beside the baseline and flatters the ratio.
 *
 * Also checks that every 2xx answer has its row in the database: rows stored must be at least the 2xx
 * answers (a request still in flight when a round stops is stored but never counted as answered, at most
 * one per connection per round).
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild, type Child } from './child.js';
import { percentile, round } from './stats.js';
import { distFile, HOOKSCOPE_BIN } from './paths.js';
import { processCpuMs } from './process-cpu.js';

export interface IngestResult {
  connections: number;
  rounds: number;
  roundS: number;
  noopRps: number;
  hookscopeRps: number;
  /** Answered requests over all of hookscope's rounds / over all of the no-op's. */
  ratio: number;
  /** The lowest and highest ratio of one round pair. */
  roundRatioMin: number;
  roundRatioMax: number;
  /** Median over rounds of each round's p50; p99: the worst round's. */
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
  /** Whether hookscope could be paused during the no-op's rounds (not on Windows). */
  pausedDuringBaseline: boolean;
}

const body = JSON.stringify({ id: 'evt_bench', type: 'invoice.paid', data: { object: { pad: 'x'.repeat(940) } } });

const post = (url: string, connections: number, duration: number) =>
  autocannon({ url, connections, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body });

/** One side's rounds, added up. */
class Side {
  answered = 0;
  seconds = 0;
  cpuMs: number | null = 0;
  readonly p50s: number[] = [];
  readonly p99s: number[] = [];
  readonly roundRps: number[] = [];

  constructor(private readonly child: Child, private readonly url: string) {}

  async round(connections: number, duration: number): Promise<void> {
    const cpuBefore = processCpuMs(this.child.process.pid);
    const result = await post(this.url, connections, duration);
    const cpuAfter = processCpuMs(this.child.process.pid);
    this.cpuMs = this.cpuMs === null || cpuBefore === null || cpuAfter === null ? null : this.cpuMs + cpuAfter - cpuBefore;
    this.answered += result['2xx'];
    this.seconds += result.duration;
    this.p50s.push(result.latency.p50);
    this.p99s.push(result.latency.p99);
    this.roundRps.push(result['2xx'] / result.duration);
  }

  get rps(): number {
    return this.answered / this.seconds;
  }

  get cpuUsPerRequest(): number | null {
    return this.cpuMs === null || this.answered === 0 ? null : round((this.cpuMs * 1000) / this.answered, 1);
  }
}

/** The connection counts to measure: BENCH_CONNECTIONS (e.g. "50" or "20,50"), else both ends of the 20-50. */
export function ingestConnections(): number[] {
  const wanted = (process.env.BENCH_CONNECTIONS ?? '20,50').split(',').map(Number);
  if (wanted.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_CONNECTIONS: expected counts like "20,50", got ${process.env.BENCH_CONNECTIONS}`);
  return wanted;
}

export async function benchIngest(
  connections: number,
  rounds = Number(process.env.BENCH_INGEST_ROUNDS ?? 4),
  roundS = 3,
): Promise<IngestResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookscope-bench-'));
  const db = path.join(dir, 'bench.db');
  const canPause = process.platform !== 'win32';
  const noop = await startChild([distFile('bench/servers/noop-server.js')]);
  const hookscope = await startChild([HOOKSCOPE_BIN, 'start', '--json', '--port', '0', '--ui-port', '0', '--no-open', '--db', db, '--keep', '10000000']);
  const pause = (paused: boolean) => canPause && hookscope.process.kill(paused ? 'SIGSTOP' : 'SIGCONT');
  try {
    // Warm-up: JIT and caches hot for both sides alike.
    await post(noop.line.url!, connections, 1);
    await post(hookscope.line.capture!, connections, 1);
    await new Promise((r) => setTimeout(r, 200)); // let the warm-up's last requests land
    const before = countRows(db);
    const baseline = new Side(noop, noop.line.url!);
    const measured = new Side(hookscope, hookscope.line.capture!);
    for (let i = 0; i < rounds; i++) {
      pause(true);
      try {
        await baseline.round(connections, roundS);
      } finally {
        pause(false);
      }
      await measured.round(connections, roundS);
    }
    await hookscope.stop();
    const stored = countRows(db) - before;
    const pairRatios = measured.roundRps.map((rps, i) => rps / baseline.roundRps[i]!);
    return {
      connections,
      rounds,
      roundS,
      noopRps: round(baseline.rps, 0),
      hookscopeRps: round(measured.rps, 0),
      ratio: round(measured.rps / baseline.rps),
      roundRatioMin: round(Math.min(...pairRatios)),
      roundRatioMax: round(Math.max(...pairRatios)),
      noopP50Ms: percentile(baseline.p50s, 50),
      noopP99Ms: Math.max(...baseline.p99s),
      hookscopeP50Ms: percentile(measured.p50s, 50),
      hookscopeP99Ms: Math.max(...measured.p99s),
      acknowledged: measured.answered,
      stored,
      hookscopeStartupMs: round(hookscope.startupMs, 0),
      noopCpuUsPerRequest: baseline.cpuUsPerRequest,
      hookscopeCpuUsPerRequest: measured.cpuUsPerRequest,
      pausedDuringBaseline: canPause,
    };
  } finally {
    pause(false);
    await Promise.all([noop.stop(), hookscope.stop()]);
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
