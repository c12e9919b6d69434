import type { NewRequest, RequestRepository } from '../store/repository.js';

interface Pending {
  row: NewRequest;
  resolve(seq: number): void;
  reject(error: Error): void;
}

/**
 * Group commit: requests captured in the same turn of the event loop are inserted in one transaction,
 * and each caller is answered only once its row is committed — nothing acknowledged is ever lost, and
 * a burst costs one fsync-equivalent instead of one per request.
 */
export class CommitQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly repository: RequestRepository,
    private readonly onCommitted: (rows: Array<{ seq: number; row: NewRequest }>) => void,
  ) {}

  enqueue(row: NewRequest): Promise<number> {
    if (this.closed) return Promise.reject(new Error('hookscope is shutting down'));
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commit everything queued now. Synchronous (better-sqlite3); safe to call at any time. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let seqs: number[];
    try {
      seqs = this.repository.insertMany(batch.map((p) => p.row));
    } catch (error) {
      for (const p of batch) p.reject(error as Error);
      return;
    }
    batch.forEach((p, i) => p.resolve(seqs[i]!));
    try {
      this.onCommitted(batch.map((p, i) => ({ seq: seqs[i]!, row: p.row })));
    } catch (error) {
      // A broken listener (live push) must never undo or block capture.
      console.error('hookscope: live update failed:', error);
    }
  }

  /** Stop taking new rows and commit what is queued (shutdown). */
  close(): void {
    this.closed = true;
    this.flush();
  }
}
