import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptureWriter } from '../../../server/store/capture-writer.js';
import type { NewRequest } from '../../../server/store/repository.js';

function row(n: number): NewRequest {
  return {
    receivedAt: Date.now(),
    method: 'POST',
    url: `/w/${n}`,
    path: `/w/${n}`,
    httpVersion: '1.1',
    remoteAddress: '127.0.0.1',
    headers: [['X-N', String(n)]],
    contentType: 'text/plain',
    body: Buffer.from(`body ${n}`),
    declaredSize: null,
    truncated: false,
    verification: null,
  };
}

/** The longest the event loop went without running a 5 ms interval, while `work` ran. */
async function longestLoopGap<T>(work: Promise<T>): Promise<{ result: T; gapMs: number }> {
  let last = Date.now();
  let gapMs = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
  }, 5);
  try {
    return { result: await work, gapMs };
  } finally {
    clearInterval(timer);
  }
}

describe('CaptureWriter', () => {
  let dir: string;
  let file: string;
  let writer: CaptureWriter;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hookscope-writer-'));
    file = path.join(dir, 'w.db');
    writer = new CaptureWriter({ dbFile: file, keep: 1000, maxDbSize: null });
  });
  afterEach(async () => {
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const paths = () => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare('SELECT seq, path FROM requests ORDER BY seq').all() as Array<{ seq: number; path: string }>;
    } finally {
      db.close();
    }
  };

  it('commits a batch before resolving, with increasing ids, readable from another connection', async () => {
    const seqs = await writer.insert([row(1), row(2), row(3)]);
    expect(seqs).toHaveLength(3);
    expect(seqs[1]).toBe(seqs[0]! + 1);
    expect(seqs[2]).toBe(seqs[1]! + 1);
    expect(paths().map((r) => r.path)).toEqual(['/w/1', '/w/2', '/w/3']);
  });

  it('gives every row of a large batch (several INSERT statements) the id it was stored under', async () => {
    await writer.insert([row(0)]);
    const rows = Array.from({ length: 75 }, (_, i) => row(i + 1));
    const seqs = await writer.insert(rows);
    const stored = new Map(paths().map((r) => [r.seq, r.path]));
    expect(seqs.map((seq) => stored.get(seq))).toEqual(rows.map((r) => r.path));
    expect(new Set(seqs).size).toBe(75);
    expect(stored.size).toBe(76);
  });

  it('waits out a short lock held by another process without blocking the event loop, then commits in order', async () => {
    const locker = new Database(file);
    locker.exec('BEGIN IMMEDIATE');
    const pending = [writer.insert([row(1)]), writer.insert([row(2), row(3)]), writer.insert([row(4)])];
    setTimeout(() => locker.exec('COMMIT'), 300);
    const { result, gapMs } = await longestLoopGap(Promise.all(pending));
    locker.close();
    expect(gapMs).toBeLessThan(150); // a blocking busy-wait would freeze the loop for the whole 300 ms
    const ids = result.flat();
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(paths().map((r) => r.path)).toEqual(['/w/1', '/w/2', '/w/3', '/w/4']);
  });

  it('fails every waiting batch together after the lock wait, then takes new rows once the lock is gone', async () => {
    const locker = new Database(file);
    locker.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const outcomes = await Promise.allSettled([writer.insert([row(1)]), writer.insert([row(2)]), writer.insert([row(3)])]);
    const elapsed = Date.now() - started;
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
    }
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(3_500); // one wait for all of them, not one per batch
    locker.exec('COMMIT');
    locker.close();
    expect(await writer.insert([row(9)])).toHaveLength(1);
    expect(paths().map((r) => r.path)).toEqual(['/w/9']);
  });

  it('refuses rows after close', async () => {
    await writer.close();
    await expect(writer.insert([row(1)])).rejects.toThrow(/shutting down/);
  });
});
