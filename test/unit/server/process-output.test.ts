/** The running inspector's output lines: a reader that stopped reading or went away never costs memory or the process. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { liveLineWriter } from '../../../server/process-output.js';

describe('liveLineWriter', () => {
  it('stops queueing once a reader has not taken 1 MiB', () => {
    const stuck = new Writable({ write: () => {} }); // never calls back: like a pipe nobody reads
    const write = liveLineWriter(stuck);
    const line = 'x'.repeat(199);
    for (let i = 0; i < 20_000; i++) write(line); // 4 MB offered
    expect(stuck.writableLength).toBeGreaterThan(1024 * 1024);
    expect(stuck.writableLength).toBeLessThanOrEqual(1024 * 1024 + 200);
  });

  it('drops lines, without throwing, once the stream has failed (EPIPE)', () => {
    const written: string[] = [];
    const pipe = new Writable({ write: (chunk, _enc, done) => (written.push(String(chunk)), done()) });
    const write = liveLineWriter(pipe);
    write('before');
    pipe.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(() => write('after')).not.toThrow();
    expect(written).toEqual(['before\n']);
  });
});
