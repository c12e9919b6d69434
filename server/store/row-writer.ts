/**
 * The capture path's handle on the writer thread: `insert` resolves with the new ids once their
 * transaction is committed (only then may a request be answered). If the thread dies, the batches it
 * held are failed (their senders get 503, nothing was acknowledged) and a new thread takes over.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { compiledPath } from '../package-root.js';
import type { ResponseUpdate } from './request-writes.js';
import type { NewRequest } from './repository.js';
import { packBatch } from './packed-batch.js';
import type { FromWriter, ToWriter, WriterOptions } from './writer-protocol.js';

const WORKER_FILE = compiledPath('server/store/writer-worker.js');

interface Waiter {
  resolve(seqs: number[]): void;
  reject(error: Error): void;
}

export class RowWriter {
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();
  private closed: Promise<void> | null = null;
  private worker: Promise<Worker>;

  private constructor(
    private readonly options: WriterOptions,
    first: Worker,
    private readonly log: (message: string) => void,
  ) {
    this.worker = Promise.resolve(this.attach(first));
  }

  static async start(options: WriterOptions, log: (message: string) => void = () => {}): Promise<RowWriter> {
    return new RowWriter(options, await spawn(options), log);
  }

  /** Send a batch, packed into one text and one transferred buffer (packed-batch.ts says why). */
  async insert(rows: readonly NewRequest[]): Promise<number[]> {
    if (this.closed) throw new Error('hookscope is shutting down');
    const worker = await this.worker;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const batch = packBatch(rows);
      worker.postMessage({ type: 'insert', id, batch, sentAt: Date.now() } satisfies ToWriter, [batch.bodies]);
    });
  }

  /** Forward mode: the app's answers, written by this same thread (one writer: no lock waits on the event loop). */
  async respond(updates: ResponseUpdate[]): Promise<void> {
    if (this.closed) throw new Error('hookscope is shutting down');
    const worker = await this.worker;
    const id = this.nextId++;
    await new Promise<number[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'respond', id, updates } satisfies ToWriter);
    });
  }

  /** Finish what was sent, checkpoint, close the writer's connection. Safe to call twice. */
  close(): Promise<void> {
    this.closed ??= this.worker.then(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          worker.on('message', (message: FromWriter) => {
            if (message.type === 'closed') void worker.terminate();
          });
          worker.postMessage({ type: 'close' } satisfies ToWriter);
        }),
      () => undefined,
    );
    return this.closed;
  }

  private attach(worker: Worker): Worker {
    worker.on('message', (message: FromWriter) => {
      if (message.type !== 'inserted' && message.type !== 'responded' && message.type !== 'failed') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.type === 'inserted') waiter.resolve(message.seqs);
      else if (message.type === 'responded') waiter.resolve([]);
      else waiter.reject(new Error(message.message));
    });
    worker.on('error', (error) => this.log(`database writer failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.closed) return;
      this.log(`database writer stopped (exit ${code}); starting a new one`);
      const lost = new Error('the database writer stopped before committing this request');
      for (const waiter of this.pending.values()) waiter.reject(lost);
      this.pending.clear();
      this.worker = spawn(this.options).then((next) => this.attach(next));
      // A writer that cannot start (a broken database) fails the next inserts with its reason.
      this.worker.catch((error: Error) => this.log(`could not restart the database writer: ${error.message}`));
    });
    return worker;
  }
}

function spawn(options: WriterOptions): Promise<Worker> {
  if (!existsSync(WORKER_FILE)) {
    return Promise.reject(new Error(`${WORKER_FILE} is missing: run \`npm run build\` (npm start and npm test build it)`));
  }
  const worker = new Worker(WORKER_FILE, { workerData: options });
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    worker.once('error', onError);
    worker.once('message', (message: FromWriter) => {
      worker.off('error', onError);
      if (message.type === 'ready') resolve(worker);
      else reject(new Error(`unexpected first message from the database writer: ${message.type}`));
    });
  });
}
