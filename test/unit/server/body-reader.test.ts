import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../../server/capture/body-reader.js';

function streamOf(chunks: Buffer[], end = true): PassThrough {
  const s = new PassThrough();
  for (const c of chunks) s.write(c);
  if (end) s.end();
  return s;
}

describe('readBody', () => {
  it('returns the exact bytes under the cap', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13]);
    const result = await readBody(streamOf([bytes.subarray(0, 3), bytes.subarray(3)]), 100);
    expect(result).toMatchObject({ truncated: false, aborted: false, bytesSeen: 6 });
    expect(result.body.equals(bytes)).toBe(true);
  });

  it('accepts a body of exactly the cap', async () => {
    const result = await readBody(streamOf([Buffer.alloc(10, 7)]), 10);
    expect(result.truncated).toBe(false);
    expect(result.body.length).toBe(10);
  });

  it('keeps the first maxBytes and flags truncation past the cap', async () => {
    const result = await readBody(streamOf([Buffer.alloc(6, 1), Buffer.alloc(6, 2)]), 8);
    expect(result.truncated).toBe(true);
    expect(result.body.length).toBe(8);
    expect([...result.body]).toEqual([1, 1, 1, 1, 1, 1, 2, 2]);
    expect(result.bytesSeen).toBeGreaterThan(8);
  });

  it('resolves (never rejects) when the stream fails mid-body', async () => {
    const s = streamOf([Buffer.from('partial')], false);
    const pending = readBody(s, 100);
    s.destroy(new Error('socket hang up'));
    const result = await pending;
    expect(result.aborted).toBe(true);
    expect(result.body.toString()).toBe('partial');
  });
});
