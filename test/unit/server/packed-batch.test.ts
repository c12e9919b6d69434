import { describe, expect, it } from 'vitest';
import { packBatch, unpackBatch } from '../../../server/store/packed-batch.js';
import { encodeRow } from '../../../server/store/request-writes.js';
import type { NewRequest } from '../../../server/store/repository.js';

const rows: NewRequest[] = [
  {
    receivedAt: 1_700_000_000_123,
    method: 'POST',
    url: '/hook?x=%E2%9C%93&y',
    path: '/hook',
    httpVersion: '1.1',
    remoteAddress: '::1',
    headers: [['X-Dup', 'a'], ['x-dup', 'b'], ['X-Uni', 'é ✓ \u0000 "q"']],
    contentType: 'application/json',
    body: Buffer.from('{"a":"✓"}'),
    declaredSize: 11,
    truncated: false,
    verification: { provider: 'stripe', verdict: 'failed', checks: [], diagnoses: [{ code: 'timestamp-stale', message: 'm', fix: 'f' }] } as unknown as NewRequest['verification'],
  },
  { receivedAt: 2, method: 'GET', url: '/', path: '/', httpVersion: '1.0', remoteAddress: '127.0.0.1', headers: [], contentType: null, body: Buffer.alloc(0), declaredSize: null, truncated: false, verification: null },
  {
    receivedAt: 3, method: 'PUT', url: '/bin', path: '/bin', httpVersion: '1.1', remoteAddress: '127.0.0.1', headers: [['Content-Length', '999999']],
    contentType: 'application/octet-stream', body: Buffer.from([0, 255, 1, 254, 0x80]), declaredSize: 999_999, truncated: true, verification: null,
  },
];

describe('packBatch / unpackBatch', () => {
  it('hands the writer exactly the rows encodeRow makes, bodies byte-exact, in order', () => {
    const unpacked = unpackBatch(packBatch(rows));
    expect(unpacked).toHaveLength(rows.length);
    unpacked.forEach((row, i) => {
      const expected = encodeRow(rows[i]!);
      expect({ ...row, body: [...row.body] }).toEqual({ ...expected, body: [...expected.body] });
    });
  });

  it('packs every body into one buffer of their total size (one transfer per batch)', () => {
    const packed = packBatch(rows);
    expect(packed.bodies.byteLength).toBe(rows.reduce((n, r) => n + r.body.length, 0));
    expect(typeof packed.fields).toBe('string');
  });

  it('copies bodies out of the parser’s shared slab: the packed buffer holds only these bytes', () => {
    const slab = Buffer.alloc(8192, 7);
    const view = slab.subarray(100, 104);
    view.set([1, 2, 3, 4]);
    const packed = packBatch([{ ...rows[1]!, body: view }]);
    expect(packed.bodies.byteLength).toBe(4);
    expect([...new Uint8Array(packed.bodies)]).toEqual([1, 2, 3, 4]);
  });
});
