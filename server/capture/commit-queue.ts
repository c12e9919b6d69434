import type { NewRequest } from '../store/repository.js';
import { logToStderr } from '../default-log.js';

/** What the queue commits through (store/capture-writer.ts). */
export interface RowSink {
  insert(rows: readonly NewRequest[]): Promise<number[]>;
}

/** Called once the row is committed (error null, its id) or could not be (the error). */
export type Committed = (error: Error | null, seq: number) => void;

interface Pending {
  row: NewRequest;
  done: Committed;
}

/**
 * Group commit: requests whose bodies finished arriving in the same turn of the event loop are
 * committed together, one transaction per batch, once that turn's I/O is done (setImmediate). Each
 * caller is answered only once its row is committed — nothing acknowledged is ever lost — and a burst
 * costs one commit instead of one per request. While a batch waits (a database locked by another
 * process), what arrives meanwhile becomes the next batch, committed after it, in order.
 */
export class CommitQueue {
  private pending: Pending[] = [];
  private inFlight: Promise<void> | null = null;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly sink: RowSink,
    private readonly onCommitted: (rows: Array<{ seq: number; row: NewRequest }>) => void,
    private readonly log: (message: string) => void = logToStderr,
  ) {}

  enqueue(row: NewRequest): Promise<number> {
    return new Promise((resolve, reject) => this.enqueueThen(row, (error, seq) => (error ? reject(error) : resolve(seq))));
  }

  /** The same, calling back: the capture path saves a promise and a microtask per request. */
  enqueueThen(row: NewRequest, done: Committed): void {
    if (this.closed) return done(new Error('hookscope is shutting down'), 0);
    this.pending.push({ row, done });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (this.inFlight || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.inFlight = this.sink.insert(batch.map((p) => p.row)).then(
      (seqs) => {
        batch.forEach((p, i) => p.done(null, seqs[i]!));
        try {
          this.onCommitted(batch.map((p, i) => ({ seq: seqs[i]!, row: p.row })));
        } catch (error) {
          // A broken listener (live push) must never undo or block capture.
          this.log(`live update failed: ${(error as Error).message}`);
        }
      },
      (error: Error) => batch.forEach((p) => p.done(error, 0)),
    ).finally(() => {
      this.inFlight = null;
      if (this.pending.length) this.flush();
    });
  }

  /** Stop taking new rows and wait until everything queued is committed (shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight || this.pending.length) {
      this.flush();
      await this.inFlight;
    }
  }
}
