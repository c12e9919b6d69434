/** A hookscope process for benchmarks: started through the real bin, talked to over HTTP. */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild, type Child } from './child.js';
import { HOOKSCOPE_BIN } from './paths.js';

export interface HookscopeChild {
  child: Child;
  capture: string;
  ui: string;
  db: string;
  token(): Promise<string>;
  metrics(reset?: boolean): Promise<{ eventLoopDelayMs: { p50: number; p99: number; max: number }; rssBytes: number; rows: number }>;
  dbBytes(): number;
  stop(): Promise<void>;
}

export async function startHookscopeChild(args: string[] = []): Promise<HookscopeChild> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookscope-bench-'));
  const db = path.join(dir, 'bench.db');
  const child = await startChild([HOOKSCOPE_BIN, 'start', '--json', '--port', '0', '--ui-port', '0', '--no-open', '--db', db, ...args]);
  const ui = child.line.ui!;
  return {
    child,
    capture: child.line.capture!,
    ui,
    db,
    async token() {
      const html = await (await fetch(ui + '/')).text();
      const m = /name="hookscope-token" content="([^"]+)"/.exec(html);
      if (!m) throw new Error('no token meta tag in the UI page (is the UI built?)');
      return m[1]!;
    },
    async metrics(reset = false) {
      return (await (await fetch(`${ui}/api/metrics${reset ? '?reset=1' : ''}`)).json()) as Awaited<ReturnType<HookscopeChild['metrics']>>;
    },
    dbBytes() {
      return [db, db + '-wal', db + '-shm'].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
    },
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
