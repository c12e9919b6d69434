/**
 * The checkpointer: copies committed WAL frames back into the database file on a connection and a
 * thread of its own. A checkpoint costs ~10 ms of page copies and an fsync per 4 MB of WAL; run inside
 * the capture path it stalled every commit queued behind it (and every request waiting for its commit).
 *
 * SQLite lets a PASSIVE checkpoint run beside the writer, which keeps appending frames meanwhile. But the
 * -wal file only starts over from the top once a checkpoint has caught up with the writer completely, and
 * under sustained load a passive one never quite does: so once the file passes RESET_AT_BYTES, a RESTART
 * checkpoint follows. It holds the write lock for the frames the passive passes left and two fsyncs
 * (the capture writer retries meanwhile), and the next commit overwrites the file from the top.
 *
 * SQLite fsyncs the database file only in a checkpoint that copies every frame — under load, only that
 * RESTART — so its fsync, under the write lock, used to carry every page the passive passes had copied
 * since the last reset (~8 MB: the reset held captures for a median 5 ms, 6.5 ms fsyncs under strace).
 * This thread fsyncs the database file itself before each passive pass of a reset, outside the lock,
 * which leaves the reset only the pages written since: median hold 0.8-1 ms, ingest p99 5 -> 3-4 ms.
 * RESTART rather than TRUNCATE: writing over blocks the file already has costs the capture path ~0.85 us
 * less per row than growing a file truncated to zero again (kernel block allocation), measured with 31-row
 * batches; journal_size_limit (database.ts) still caps what the file keeps.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const RESET_AT_BYTES = 8 * 1024 * 1024;
/**
 * Besides the capture writer's requests, look every this often: the search indexer and the API also
 * write, and their connections leave checkpoints to this thread (a checkpoint on the event loop stalls
 * captures behind its fsyncs). A checkpoint with nothing to copy costs microseconds.
 */
const POLL_MS = 1_000;

/**
 * How long a reset keeps asking for the write lock. It asks every RESET_RETRY_MS rather than through
 * SQLite's busy handler, which sleeps 1, 2, 5 ms… while keeping the checkpoint lock — and with it turns away
 * every other connection's checkpoint: the search indexer, writing slice after slice while it catches up
 * (it checkpoints itself then, search-indexer.ts), can find its checkpoints refused meanwhile and the -wal
 * file grow — the likely cause of the one full test run in seven where it passed 20 MB (not reproduced
 * alone, even under CPU and disk load). Between tries this thread holds nothing.
 */
const RESET_WAIT_MS = 200;
const RESET_RETRY_MS = 0.1;

const { dbFile } = workerData as { dbFile: string };
const port = parentPort!;
const db = new Database(dbFile);
// Never wait inside SQLite (see RESET_WAIT_MS); a passive checkpoint never waits anyway.
db.pragma('busy_timeout = 0');
const pause = new Int32Array(new SharedArrayBuffer(4));
const pageSize = db.pragma('page_size', { simple: true }) as number;
/** Only ever fsynced, never written (read-write because Windows flushes only writable handles). */
const dbFileFd = openSync(dbFile, 'r+');

function checkpoint(): void {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
    if ((result?.log ?? 0) * pageSize >= RESET_AT_BYTES) {
      // A second passive pass copies what arrived during the first, so the reset — which holds the
      // write lock, and every capture commit with it — has little left to copy; the fsyncs before each
      // pass leave it few pages to sync (see the top of this file).
      fsyncSync(dbFileFd);
      db.pragma('wal_checkpoint(PASSIVE)');
      fsyncSync(dbFileFd);
      reset();
    }
  } catch {
    // a busy database: the next checkpoint catches up
  }
}

/** A RESTART checkpoint, tried until it gets the write lock or RESET_WAIT_MS passes (the next request tries again). */
function reset(): void {
  const deadline = Date.now() + RESET_WAIT_MS;
  for (;;) {
    const [result] = db.pragma('wal_checkpoint(RESTART)') as Array<{ busy: number }>;
    if (!result?.busy || Date.now() >= deadline) return;
    Atomics.wait(pause, 0, 0, RESET_RETRY_MS);
  }
}

const poll = setInterval(checkpoint, POLL_MS);

port.on('message', (message: 'checkpoint' | 'close') => {
  if (message === 'close') {
    clearInterval(poll);
    db.close();
    closeSync(dbFileFd);
    port.close();
    return;
  }
  checkpoint();
  port.postMessage('done');
});
