/**
 * The checkpointer: copies committed WAL frames back into the database file on a connection and a
 * thread of its own. A checkpoint costs ~10 ms of page copies and an fsync per 4 MB of WAL; run on the
 * writer thread it stalled every commit queued behind it (and every request waiting for its commit).
 * SQLite lets a PASSIVE checkpoint run beside a writer: the writer keeps appending frames meanwhile,
 * and restarts the -wal file from the top on its next commit once everything was copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { dbFile } = workerData as { dbFile: string };
const port = parentPort!;
const db = new Database(dbFile);
db.pragma('busy_timeout = 2000');

port.on('message', (message: 'checkpoint' | 'close') => {
  if (message === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // a busy database: the next checkpoint catches up
  }
  port.postMessage('done');
});
