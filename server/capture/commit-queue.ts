import type { NewRequest } from '../store/repository.js';
import type { RowWriter } from '../store/row-writer.js';

/**
 * Batches on their way to the writer at once. More than one lets the next batch travel while the
 * previous one commits; the writer still commits them one after another, in order.
 */
const MAX_IN_FLIGHT = 4;

interface Pending {
  row: NewRequest;
  resolve(seq: number): void;
  reject(error: Error): void;
}

/**
 * Group commit: requests captured while the previous batch is being written go out together as the
 * next batch, one transaction each, on the writer thread. Each caller is answered only once its row is
 * committed — nothing acknowledged is ever lost — and a burst costs one commit instead of one per request.
 */
export class CommitQueue {
  private pending: Pending[] = [];
  private inFlight = new Set<Promise<void>>();
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly writer: RowWriter,
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

  private flush(): void {
    this.scheduled = false;
    if (this.inFlight.size >= MAX_IN_FLIGHT || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const sent: Promise<void> = this.writer.insert(batch.map((p) => p.row)).then(
      (seqs) => {
        batch.forEach((p, i) => p.resolve(seqs[i]!));
        try {
          this.onCommitted(batch.map((p, i) => ({ seq: seqs[i]!, row: p.row })));
        } catch (error) {
          // A broken listener (live push) must never undo or block capture.
          console.error('hookscope: live update failed:', error);
        }
      },
      (error: Error) => batch.forEach((p) => p.reject(error)),
    ).finally(() => {
      this.inFlight.delete(sent);
      // What arrived while the writer was busy is the next batch.
      if (this.pending.length) this.flush();
    });
    this.inFlight.add(sent);
  }

  /** Stop taking new rows and wait until everything queued is committed (shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size || this.pending.length) {
      this.flush();
      await Promise.all(this.inFlight);
    }
  }
}
