import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  /**
   * How long a statement waits for another connection's lock, once open, before failing with SQLITE_BUSY. The
   * default suits the API's occasional changes; the capture writer and the search indexer pass 0 and
   * retry later (next loop turns, then timers), because a busy wait blocks the whole event loop.
   */
  lockWaitMs?: number;
  /**
   * false: this connection never checkpoints after its own commits. Inside `hookscope start` the
   * checkpoint thread does it (checkpointer.ts); a connection on the event loop that checkpointed after a
   * commit would stall every capture behind two fsyncs (~3-5 ms each, measured with strace).
   */
  autoCheckpoint?: boolean;
}

/**
 * Open (creating if needed) the SQLite file with the settings hookscope relies on: WAL so readers never
 * block the capture path, synchronous=NORMAL (in WAL a commit survives a process crash; only power loss
 * can drop the last transactions), and the folder and file readable by the user only — captured
 * payloads and stored secrets are private.
 */
/** Whether this connection checkpoints after its own commits once the -wal file passes ~4 MB (1000 pages), as SQLite does by default. */
export function setAutoCheckpoint(db: Db, on: boolean): void {
  db.pragma(`wal_autocheckpoint = ${on ? 1000 : 0}`);
}

export function openDatabase(file: string, { lockWaitMs = 2000, autoCheckpoint = true }: OpenOptions = {}): Db {
  if (file !== ':memory:') {
    const dir = path.dirname(path.resolve(file));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  const db = new Database(file);
  if (file !== ':memory:') {
    try {
      chmodSync(file, 0o600);
    } catch {
      // not fatal: a file on a filesystem without modes (e.g. some mounts)
    }
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Opening and migrating may wait a moment for another process, whatever the connection does later.
  db.pragma('busy_timeout = 2000');
  // Checkpoint every ~4 MB of WAL so the -wal file stays bounded under sustained load (unless another thread does).
  setAutoCheckpoint(db, autoCheckpoint);
  db.pragma('journal_size_limit = 16777216');
  migrate(db);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(lockWaitMs))}`);
  return db;
}

/** SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock (usually another process). */
export function isLockedError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this hookscope (${MIGRATIONS.length}); upgrade hookscope`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

export const SCHEMA_VERSION = MIGRATIONS.length;
