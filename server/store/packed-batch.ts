/**
 * How a batch of captured rows crosses to the writer thread: one JSON text for every row's fields and
 * one ArrayBuffer holding every body back to back, transferred rather than copied.
 *
 * Why not post the rows as objects: structured clone walks each row field by field on the event loop
 * that answers HTTP (~4 µs a row, a tenth of a capture's cost). One string and one transfer per batch
 * cost the same for 1 row or 100, and the parsing happens on the writer thread, which has time to spare.
 */
import { encodeRow, type EncodedRow } from './request-writes.js';
import type { NewRequest } from './repository.js';

export interface PackedBatch {
  /** JSON array of RowFields, in batch order. */
  fields: string;
  /** Every body, in batch order; each row's `size` says where one ends. */
  bodies: ArrayBuffer;
}

/** A row's fields, positional (names would be repeated in the text once per row). */
type RowFields = [
  receivedAt: number,
  method: string,
  url: string,
  path: string,
  httpVersion: string,
  remoteAddress: string,
  headers: NewRequest['headers'],
  contentType: string | null,
  size: number,
  declaredSize: number | null,
  truncated: 0 | 1,
  verification: NewRequest['verification'],
];

export function packBatch(rows: readonly NewRequest[]): PackedBatch {
  let total = 0;
  for (const row of rows) total += row.body.length;
  const bodies = new Uint8Array(total);
  const fields: RowFields[] = [];
  let offset = 0;
  for (const row of rows) {
    bodies.set(row.body, offset);
    offset += row.body.length;
    fields.push([
      row.receivedAt, row.method, row.url, row.path, row.httpVersion, row.remoteAddress, row.headers,
      row.contentType, row.body.length, row.declaredSize, row.truncated ? 1 : 0, row.verification,
    ]);
  }
  return { fields: JSON.stringify(fields), bodies: bodies.buffer };
}

/** The writer's side: the rows as the INSERT binds them. Bodies are views into the one buffer, not copies. */
export function unpackBatch(batch: PackedBatch): EncodedRow[] {
  const fields = JSON.parse(batch.fields) as RowFields[];
  let offset = 0;
  return fields.map(([receivedAt, method, url, path, httpVersion, remoteAddress, headers, contentType, size, declaredSize, truncated, verification]) => {
    const body = new Uint8Array(batch.bodies, offset, size);
    offset += size;
    return encodeRow({ receivedAt, method, url, path, httpVersion, remoteAddress, headers, contentType, body, declaredSize, truncated: truncated === 1, verification });
  });
}
