/** Start a real hookscope on free ports with a fresh SQLite file; clean up after. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHookscope, type Hookscope, type StartOptions } from '../../server/app.js';

export interface TestHookscope extends Hookscope {
  dbFile: string;
  dir: string;
  /** Stop and delete the temporary folder. */
  dispose(): Promise<void>;
}

export function tempDir(prefix = 'hookscope-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export async function startTestHookscope(options: StartOptions = {}, dir = tempDir()): Promise<TestHookscope> {
  const dbFile = options.db ?? path.join(dir, 'hookscope.db');
  const logs: string[] = [];
  const app = await startHookscope({ port: 0, uiPort: 0, log: (m) => logs.push(m), ...options, db: dbFile });
  return {
    ...app,
    dbFile,
    dir,
    async dispose() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GET a JSON API path from the UI port, as a script would (no Origin). */
export async function apiGet<T = unknown>(app: Hookscope, pathname: string): Promise<T> {
  const res = await fetch(app.urls.ui + pathname);
  if (!res.ok) throw new Error(`GET ${pathname} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The `hookscope` bin as users run it (compiled by the test run's global setup). */
export const HOOKSCOPE_BIN = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../bin/hookscope.js');
