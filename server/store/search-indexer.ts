/**
 * Fills the full-text index in the background, a bounded slice at a time, so a burst of captures is
 * committed and answered first and indexed a moment later. Trigram indexing costs more than the capture
 * itself, so while requests keep arriving it only trickles (a small slice every BUSY_INTERVAL_MS) and
 * catches up in the first quiet moment; a search catches up on demand, for at most a moment (catchUp).
 * Progress is stored, so a restart resumes.
 */
import type { Statement } from 'better-sqlite3';
import { isLockedError, setAutoCheckpoint, type Db } from './database.js';
import { decodeText } from './text-body.js';
import { logToStderr } from '../default-log.js';

/**
 * Rows per transaction when quiet. One transaction's trigram postings must fit in the -wal file at once:
 * 500 rows of 3 KB varied text wrote ~30 MB in one commit; 100 keep it a few MB and the event loop
 * blocked for a few milliseconds per slice.
 */
const SLICE = 100;
/**
 * While captures arrive: this many rows per BUSY_INTERVAL_MS, so the index still moves. A trigram row
 * of a 1 KB body costs ~0.2 ms, so this is ~1% of the core that parses HTTP; a search catches up anyway.
 */
const BUSY_SLICE = 20;
const BUSY_INTERVAL_MS = 500;
/** No capture for this long counts as quiet. */
const QUIET_MS = 100;
/** Bodies are indexed up to this many bytes: search is for finding a request, not a full-text archive. */
const MAX_INDEXED_BODY = 64 * 1024;

interface PendingRow {
  seq: number;
  url: string;
  headers: string;
  body: Buffer | null;
}

export class SearchIndexer {
  private readonly pendingStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly progressStmt: Statement;
  private readonly lastStmt: Statement;
  private readonly newestStmt: Statement;
  private readonly indexSlice: (limit: number) => number;
  private scheduled = false;
  private closed = false;
  private lastActivity = 0;
  /** Whether this connection checkpoints after its own commits (see `checkpointWhileQuiet`). */
  private checkpointing = false;

  constructor(
    private readonly db: Db,
    /** Where a failed slice is reported (the app's log: masked, and never blocking on a paused terminal). */
    private readonly log: (message: string) => void = logToStderr,
  ) {
    this.lastStmt = db.prepare('SELECT last_seq FROM fts_progress WHERE id = 1').pluck();
    this.newestStmt = db.prepare('SELECT MAX(seq) FROM requests').pluck();
    this.pendingStmt = db.prepare(`SELECT seq, url, headers, substr(body, 1, ${MAX_INDEXED_BODY}) AS body FROM requests WHERE seq > ? ORDER BY seq ASC LIMIT ?`);
    this.insertStmt = db.prepare('INSERT INTO requests_fts (rowid, url, headers, body) VALUES (?, ?, ?, ?)');
    this.progressStmt = db.prepare('UPDATE fts_progress SET last_seq = ? WHERE id = 1');
    this.indexSlice = db.transaction((limit: number) => {
      const rows = this.pendingStmt.all(this.lastStmt.get() as number, limit) as PendingRow[];
      for (const row of rows) {
        const headers = (JSON.parse(row.headers) as Array<[string, string]>).map(([n, v]) => `${n}: ${v}`).join('\n');
        // substr() of an empty blob is NULL
        this.insertStmt.run(row.seq, row.url, headers, row.body ? (decodeText(row.body) ?? '') : '');
      }
      if (rows.length) this.progressStmt.run(rows[rows.length - 1]!.seq);
      return rows.length;
    }).immediate; // take the write lock up front: a deferred upgrade would fail at once beside another writer
  }

  /** New rows were committed: index them soon. Cheap to call per commit. */
  schedule(): void {
    this.lastActivity = Date.now();
    this.later(QUIET_MS);
  }

  private later(ms: number): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setTimeout(() => this.run(), ms).unref();
  }

  private run(): void {
    this.scheduled = false;
    if (this.closed) return;
    try {
      const busy = Date.now() - this.lastActivity < QUIET_MS;
      this.checkpointWhileQuiet(!busy);
      const limit = busy ? BUSY_SLICE : SLICE;
      if (this.indexSlice(limit) === limit) this.later(busy ? BUSY_INTERVAL_MS : 0);
      else if (busy) this.later(BUSY_INTERVAL_MS); // more may arrive; look again
    } catch (error) {
      // Search is a convenience: a failure here must never affect capture. Try again later.
      if (isLockedError(error)) this.later(BUSY_INTERVAL_MS);
      else this.log(`search indexing failed: ${(error as Error).message}`);
    }
  }

  /**
   * Index the backlog before a search, for at most `budgetMs` (then the search answers from what is
   * indexed, and the background goes on in slices that let captures through). Returns how many captured
   * rows may still be missing from the index (0: the search sees everything). Unbounded, a search right
   * after a 100k burst held the event loop — and every capture — for ~11 s.
   */
  catchUp(budgetMs = Infinity): number {
    const started = Date.now();
    try {
      this.checkpointWhileQuiet(true);
      while (!this.closed && this.indexSlice(SLICE) === SLICE) {
        if (Date.now() - started >= budgetMs) break;
      }
    } catch (error) {
      // Locked by another process: search what is indexed rather than wait; the rest follows later.
      if (!isLockedError(error)) throw error;
    }
    const behind = this.behind();
    if (behind > 0) this.later(0);
    return behind;
  }

  close(): void {
    this.closed = true;
  }

  /** Captured rows not indexed yet (an upper bound: ids deleted meanwhile count too); 0 if it cannot tell. */
  private behind(): number {
    try {
      return Math.max(0, ((this.newestStmt.get() as number | null) ?? 0) - (this.lastStmt.get() as number));
    } catch (error) {
      if (isLockedError(error)) return 0;
      throw error;
    }
  }

  /**
   * Checkpoints belong to the checkpoint thread, and while captures arrive this connection leaves them
   * there: a checkpoint here would stall the event loop behind its fsyncs. But catching up after a burst
   * writes trigram postings faster than that thread can restart the -wal file (it needs a moment with no
   * writer, and the slices follow each other closely): measured, the file reached ~190 MB after 250k
   * captures. So while catching up, this connection checkpoints every ~4 MB itself, as SQLite does by default.
   */
  private checkpointWhileQuiet(quiet: boolean): void {
    if (quiet === this.checkpointing) return;
    setAutoCheckpoint(this.db, quiet);
    this.checkpointing = quiet;
  }
}


/** A user's search text as an FTS5 phrase (quotes escaped), or null when too short for trigrams. */
export function ftsPhrase(q: string): string | null {
  const text = q.trim();
  if ([...text].length < 3) return null;
  return `"${text.replace(/"/g, '""')}"`;
}
