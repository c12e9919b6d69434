/**
 * The writer thread: inserts captured rows (and checkpoints the WAL) off the event loop that answers
 * HTTP, so SQLite's work — about a third of a capture's cost — runs beside it on another core.
 */
import { parentPort, workerData, Worker } from 'node:worker_threads';
import { openDatabase } from './database.js';
import { BatchInserter, ResponseUpdater } from './request-writes.js';
import { unpackBatch } from './packed-batch.js';
import type { FromWriter, ToWriter, WriterOptions } from './writer-protocol.js';

const { dbFile, keep, maxDbSize } = workerData as WriterOptions;
const port = parentPort!;
const db = openDatabase(dbFile);
// Checkpoints run on a thread of their own (checkpoint-worker.ts), never inside a commit.
db.pragma('wal_autocheckpoint = 0');
const checkpointer = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: { dbFile } });
let checkpointRunning = false;
let checkpointWanted = false;
checkpointer.on('message', () => {
  checkpointRunning = false;
  if (checkpointWanted) requestCheckpoint();
});
checkpointer.on('error', () => {
  // Without the checkpointer the WAL still gets checkpointed: at close, and by the next writer thread.
  checkpointRunning = true;
});
if (maxDbSize !== null) {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`max_page_count = ${Math.max(1, Math.floor(maxDbSize / pageSize))}`);
}
const inserter = new BatchInserter(db, keep);
const updater = new ResponseUpdater(db);
/** Checkpoint after about this much written (bodies plus a row's overhead), keeping the -wal file small. */
const CHECKPOINT_EVERY_BYTES = 4 * 1024 * 1024;
const ROW_OVERHEAD_BYTES = 512;
let sinceCheckpoint = 0;
/**
 * When a batch last failed because another process held the database. Batches sent before that moment
 * waited behind it and would each wait the whole busy timeout again: they fail at once instead, so a
 * locked database answers 503s within one timeout rather than one timeout per queued batch.
 */
let lockedAt = 0;
let lockedMessage = '';

const send = (message: FromWriter) => port.postMessage(message);

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    checkpointer.postMessage('close');
    checkpointer.once('exit', () => {
      checkpoint();
      db.close();
      send({ type: 'closed' });
    });
    return;
  }
  if (message.type === 'respond') {
    try {
      updater.apply(message.updates);
      send({ type: 'responded', id: message.id });
    } catch (error) {
      send({ type: 'failed', id: message.id, message: (error as Error).message });
    }
    return;
  }
  if (message.sentAt <= lockedAt) {
    send({ type: 'failed', id: message.id, message: lockedMessage });
    return;
  }
  try {
    const rows = unpackBatch(message.batch);
    const seqs = inserter.insert(rows);
    send({ type: 'inserted', id: message.id, seqs });
    for (const row of rows) sinceCheckpoint += row.body.byteLength + row.headersJson.length + ROW_OVERHEAD_BYTES;
    if (sinceCheckpoint >= CHECKPOINT_EVERY_BYTES) requestCheckpoint();
  } catch (error) {
    const e = error as Error & { code?: string };
    if (e.code?.startsWith('SQLITE_BUSY') || e.code?.startsWith('SQLITE_LOCKED')) {
      lockedAt = Date.now();
      lockedMessage = e.message;
    }
    send({ type: 'failed', id: message.id, message: e.message });
  }
});

/** One checkpoint at a time; a request made while one runs becomes one more run after it. */
function requestCheckpoint(): void {
  sinceCheckpoint = 0;
  if (checkpointRunning) {
    checkpointWanted = true;
    return;
  }
  checkpointWanted = false;
  checkpointRunning = true;
  checkpointer.postMessage('checkpoint');
}

/** PASSIVE never blocks readers or the API's writes; journal_size_limit keeps the -wal file bounded. */
function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // a busy database: the next checkpoint catches up
  }
}

send({ type: 'ready' });
