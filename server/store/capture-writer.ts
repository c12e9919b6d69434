/**
 * Where captured rows are committed: a connection of their own on the event loop's thread, one
 * transaction per batch, synchronously — a batch of a few dozen 1 KB rows commits in well under a
 * millisecond. (A writer thread was tried and measured: on a 2-core machine, handing rows across and
 * waking the thread cost the event loop as much as the inserts themselves, and the thread's CPU came out
 * of the cores the HTTP parser needs.) The slow parts stay off the loop: checkpoints run on their own
 * thread (checkpointer.ts), and a database locked by another process is waited for with timers, never by
 * blocking — this connection's busy timeout is zero.
 */
import { isLockedError, openDatabase, type Db } from './database.js';
import { BatchInserter, encodeRow, ResponseUpdater, type ResponseUpdate } from './request-writes.js';
import type { NewRequest } from './repository.js';
import { Checkpointer } from './checkpointer.js';

export interface CaptureWriterOptions {
  dbFile: string;
  keep: number;
  /** Bytes the database may grow to (null: unbounded); inserts past it fail with SQLITE_FULL. */
  maxDbSize: number | null;
}

/** How long a batch waits for another process's lock before its senders get 503 (as SQLite's busy timeout would). */
const LOCK_WAIT_MS = 2_000;
/**
 * Retry delays while locked. The usual holder is our own checkpoint thread resetting the -wal file: it
 * keeps the write lock for its last copy and two fsyncs, a median ~1 ms (5-10 ms before it synced the
 * database file ahead of time, checkpoint-worker.ts), several times a second under load. So the first
 * retries come on the next turns of the event loop (0: setImmediate, which lets the loop read sockets in
 * between) and commit as soon as the lock is free; a timer's 1 ms granularity added ~30% to each wait
 * (measured: 115 -> 80 ms of blocked commits per 2 s at 34k req/s). Then patient, for other processes.
 */
const RETRY_DELAYS_MS = [0, 0, 0, 0, 1, 2, 5, 10, 25, 50, 100];
/** Checkpoint after about this much written (bodies plus a row's overhead), keeping the -wal file small. */
const CHECKPOINT_EVERY_BYTES = 4 * 1024 * 1024;
const ROW_OVERHEAD_BYTES = 512;

interface Job {
  /** When the newest request in the job arrived (ms). */
  since: number;
  run(): number[];
  resolve(seqs: number[]): void;
  reject(error: Error): void;
}

export class CaptureWriter {
  private readonly db: Db;
  private readonly inserter: BatchInserter;
  private readonly updater: ResponseUpdater;
  private readonly checkpointer: Checkpointer;
  /** Jobs waiting behind a locked database, oldest first; commits stay in arrival order. */
  private readonly waiting: Job[] = [];
  private retryTimer: { cancel(): void } | null = null;
  private lockedSince = 0;
  /**
   * When we last gave up on a lock. A job whose requests all arrived before then has already waited
   * through one whole LOCK_WAIT_MS (queued behind the jobs that gave up): if still locked, it fails at
   * once, so a lock costs every sender one timeout, not one per batch.
   */
  private gaveUpAt = 0;
  private sinceCheckpoint = 0;
  private closed = false;

  constructor(options: CaptureWriterOptions, log: (message: string) => void = () => {}) {
    // Checkpoints run on the checkpoint thread, never inside a commit on this loop.
    this.db = openDatabase(options.dbFile, { lockWaitMs: 0, autoCheckpoint: false });
    if (options.maxDbSize !== null) {
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      this.db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxDbSize / pageSize))}`);
    }
    this.inserter = new BatchInserter(this.db, options.keep);
    this.updater = new ResponseUpdater(this.db);
    this.checkpointer = new Checkpointer(options.dbFile, log);
  }

  /** Commit a batch; resolves with the new ids once committed (only then may a request be answered). */
  insert(rows: readonly NewRequest[]): Promise<number[]> {
    let since = 0;
    for (const row of rows) since = Math.max(since, row.receivedAt);
    return this.submit(since, () => {
      const encoded = rows.map(encodeRow);
      const seqs = this.inserter.insert(encoded);
      for (const row of encoded) this.sinceCheckpoint += row.size + row.headersJson.length + ROW_OVERHEAD_BYTES;
      if (this.sinceCheckpoint >= CHECKPOINT_EVERY_BYTES) {
        this.sinceCheckpoint = 0;
        this.checkpointer.request();
      }
      return seqs;
    });
  }

  /** Forward mode: the app's answers, committed on this same connection and in the same order. */
  async respond(updates: ResponseUpdate[]): Promise<void> {
    await this.submit(Date.now(), () => {
      this.updater.apply(updates);
      return [];
    });
  }

  /** Finish what is waiting (or fail it), checkpoint, close. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.retryTimer?.cancel();
    this.retryTimer = null;
    this.drain(true);
    await this.checkpointer.close();
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // a busy database: SQLite checkpoints on the next open
    }
    this.db.close();
  }

  private submit(since: number, run: () => number[]): Promise<number[]> {
    if (this.closed) return Promise.reject(new Error('hookscope is shutting down'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ since, run, resolve, reject });
      // The common case: nothing was waiting, so this commits now. Otherwise a retry is already scheduled.
      if (this.waiting.length === 1 && !this.drain(false)) this.scheduleRetry(0);
    });
  }

  private scheduleRetry(attempt: number): void {
    if (this.retryTimer || this.closed) return;
    const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
    const retry = () => {
      this.retryTimer = null;
      if (!this.drain(false)) this.scheduleRetry(attempt + 1);
    };
    if (delay === 0) {
      const immediate = setImmediate(retry);
      this.retryTimer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(retry, delay);
      this.retryTimer = { cancel: () => clearTimeout(timer) };
    }
  }

  /**
   * Run waiting jobs in order until one meets the lock. Past LOCK_WAIT_MS every job that was waiting
   * fails together — they all waited the whole time; failing them one timeout after another would keep
   * later senders hanging for minutes. Returns true once nothing is waiting.
   */
  private drain(final: boolean): boolean {
    while (this.waiting.length) {
      const job = this.waiting[0]!;
      try {
        const seqs = job.run();
        this.waiting.shift();
        job.resolve(seqs);
        this.lockedSince = 0;
      } catch (error) {
        if (!isLockedError(error) || job.since <= this.gaveUpAt) {
          this.waiting.shift();
          job.reject(error as Error);
          continue;
        }
        if (this.lockedSince === 0) this.lockedSince = Date.now();
        if (final || Date.now() - this.lockedSince >= LOCK_WAIT_MS) {
          for (const stuck of this.waiting.splice(0)) stuck.reject(error as Error);
          this.lockedSince = 0;
          this.gaveUpAt = Date.now();
          return true;
        }
        return false;
      }
    }
    return true;
  }
}
