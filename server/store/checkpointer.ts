/**
 * The capture path's handle on the checkpoint thread (checkpoint-worker.ts): asks for a checkpoint after
 * every few MB written, one at a time, and never waits for it. If the thread cannot start or dies, the WAL
 * is still checkpointed when hookscope closes (and by SQLite on the next open), so nothing is lost; the
 * -wal file just grows meanwhile, which is logged once.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { compiledPath } from '../package-root.js';

const WORKER_FILE = compiledPath('server/store/checkpoint-worker.js');

export class Checkpointer {
  private readonly worker: Worker | null;
  private running = false;
  private wanted = false;
  private broken = false;
  private closing = false;

  constructor(dbFile: string, private readonly log: (message: string) => void) {
    if (dbFile === ':memory:' || !existsSync(WORKER_FILE)) {
      this.worker = null;
      if (dbFile !== ':memory:') log(`${WORKER_FILE} is missing: run \`npm run build\`; the -wal file is checkpointed only at exit`);
      return;
    }
    this.worker = new Worker(WORKER_FILE, { workerData: { dbFile } });
    this.worker.unref();
    this.worker.on('message', () => {
      this.running = false;
      if (this.wanted) this.request();
    });
    this.worker.on('error', (error) => this.fail(error.message));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(`exit ${code}`);
    });
  }

  /** Checkpoint soon; a request made while one runs becomes one more run after it. */
  request(): void {
    if (!this.worker || this.broken) return;
    if (this.running) {
      this.wanted = true;
      return;
    }
    this.wanted = false;
    this.running = true;
    this.worker.postMessage('checkpoint');
  }

  /** Stop the thread (after the checkpoint it may be running). */
  async close(): Promise<void> {
    if (!this.worker || this.closing) return;
    this.closing = true;
    const exited = new Promise<void>((resolve) => this.worker!.once('exit', () => resolve()));
    this.worker.ref(); // keep the process alive until the thread is gone (it is unref'd while idle)
    this.worker.postMessage('close');
    await exited;
  }

  private fail(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    this.log(`the checkpoint thread stopped (${reason}); the -wal file is checkpointed at exit instead`);
  }
}
