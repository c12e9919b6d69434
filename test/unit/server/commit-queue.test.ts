/** The group commit queue: one commit per two loop turns, every caller answered with its own id, and a broken listener costs nothing. */
import { describe, expect, it } from 'vitest';
import { CommitQueue, type RowSink } from '../../../server/capture/commit-queue.js';
import type { NewRequest } from '../../../server/store/repository.js';

const row = (url: string): NewRequest => ({
  receivedAt: 0,
  method: 'POST',
  url,
  path: url,
  httpVersion: '1.1',
  remoteAddress: '127.0.0.1',
  headers: [],
  contentType: null,
  body: Buffer.alloc(0),
  declaredSize: null,
  truncated: false,
  verification: null,
});

/** Numbers rows from 1 and records each batch's URLs. */
function countingSink(batches: string[][]): RowSink {
  let next = 1;
  return { insert: async (rows) => (batches.push(rows.map((r) => r.url)), rows.map(() => next++)) };
}

describe('CommitQueue', () => {
  it('commits what arrives in one turn as one batch and answers each caller with its own id', async () => {
    const batches: string[][] = [];
    const queue = new CommitQueue(countingSink(batches), () => {});
    const ids = await Promise.all(['/a', '/b', '/c'].map((u) => queue.enqueue(row(u))));
    expect(ids).toEqual([1, 2, 3]);
    expect(batches).toEqual([['/a', '/b', '/c']]);
    expect(await queue.enqueue(row('/d'))).toBe(4);
    expect(batches).toHaveLength(2);
  });

  it('gathers what arrives on the next turn into the same commit, and no further', async () => {
    const batches: string[][] = [];
    const queue = new CommitQueue(countingSink(batches), () => {});
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const pending = [queue.enqueue(row('/first'))];
    await turn();
    pending.push(queue.enqueue(row('/next-turn')));
    await turn();
    pending.push(queue.enqueue(row('/turn-after')));
    expect(await Promise.all(pending)).toEqual([1, 2, 3]);
    expect(batches).toEqual([['/first', '/next-turn'], ['/turn-after']]);
  });

  it('still answers every caller when the listener throws, and says so in the log', async () => {
    const logged: string[] = [];
    const queue = new CommitQueue(countingSink([]), () => { throw new Error('boom'); }, (m) => logged.push(m));
    expect(await Promise.all([queue.enqueue(row('/x')), queue.enqueue(row('/y'))])).toEqual([1, 2]);
    expect(logged).toEqual(['live update failed: boom']);
  });
});
