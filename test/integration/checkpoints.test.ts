/**
 * Checkpoints happen on the checkpoint thread for every writer, not only for captures: the search
 * indexer's and the API's connections never checkpoint themselves (that would stall the event loop behind
 * fsyncs), so the thread also looks on its own. Checked by reading the database file without its -wal:
 * what the indexer wrote after the last capture must reach the file by itself.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { apiGet, startTestHookscope, type TestHookscope } from '../helpers/hookscope.js';

let app: TestHookscope | null = null;
const scratch = mkdtempSync(path.join(tmpdir(), 'hookscope-checkpoint-'));
afterEach(async () => {
  await app?.dispose();
  app = null;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function post(agent: http.Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'text/plain' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The last indexed id as the database file alone says it (a copy without the -wal: only what was checkpointed). */
function indexedInFile(dbFile: string): number | null {
  const copy = path.join(scratch, `copy-${Date.now()}-${Math.random()}.db`);
  try {
    copyFileSync(dbFile, copy);
    const db = new Database(copy, { readonly: true });
    try {
      return db.prepare('SELECT last_seq FROM fts_progress WHERE id = 1').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return null; // copied in the middle of a checkpoint: look again
  } finally {
    rmSync(copy, { force: true });
  }
}

describe('checkpoints', () => {
  it('reach the database file for what the search indexer writes after the captures stop', async () => {
    app = await startTestHookscope({ keep: 100_000 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike';
    const statuses = await Promise.all(Array.from({ length: 800 }, (_, i) => post(agent, `${app!.urls.capture}/c/${i}`, `${i} ${words.repeat(40)}`)));
    agent.destroy();
    expect(statuses.every((s) => s === 200)).toBe(true);

    // A search indexes everything first: FTS pages written after the last capture's checkpoint request.
    const found = await apiGet<{ items: unknown[] }>(app, '/api/requests?q=foxtrot&limit=5');
    expect(found.items.length).toBe(5);
    const newest = app.repository.list({ limit: 1 }).items[0]!.id;

    const deadline = Date.now() + 5_000;
    let inFile = indexedInFile(app.dbFile);
    while (inFile !== Number(newest) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      inFile = indexedInFile(app.dbFile);
    }
    expect(inFile).toBe(Number(newest));
  });

  it('keep the -wal file bounded while the search index catches up after a burst', async () => {
    app = await startTestHookscope({ keep: 100_000 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    // Varied words: many distinct trigrams, so the index writes far more than the captures did.
    let seed = 7;
    const word = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed.toString(36));
    const bodies = Array.from({ length: 1500 }, () => Array.from({ length: 500 }, word).join(' '));
    await Promise.all(bodies.map((body, i) => post(agent, `${app!.urls.capture}/burst/${i}`, body)));
    agent.destroy();
    const found = await apiGet<{ items: unknown[] }>(app, `/api/requests?q=${encodeURIComponent(bodies[0]!.slice(0, 12))}&limit=5`);
    expect(found.items.length).toBeGreaterThan(0);
    const wal = statSync(`${app.dbFile}-wal`).size;
    expect(wal).toBeLessThan(20 * 1024 * 1024);
  });
});
