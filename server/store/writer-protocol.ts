/** Messages between the capture path and the writer thread (server/store/writer-worker.ts). */
import type { ResponseUpdate } from './request-writes.js';
import type { PackedBatch } from './packed-batch.js';

export interface WriterOptions {
  dbFile: string;
  keep: number;
  /** Bytes the database may grow to (null: unbounded); inserts past it fail with SQLITE_FULL. */
  maxDbSize: number | null;
}

export type ToWriter = { type: 'insert'; id: number; batch: PackedBatch; sentAt: number } | { type: 'respond'; id: number; updates: ResponseUpdate[] } | { type: 'close' };

export type FromWriter =
  | { type: 'ready' }
  | { type: 'inserted'; id: number; seqs: number[] }
  | { type: 'responded'; id: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed' };
