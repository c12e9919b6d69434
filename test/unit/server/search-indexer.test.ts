import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/store/database.js';
import { RequestRepository } from '../../../server/store/repository.js';
import { SearchIndexer } from '../../../server/store/search-indexer.js';
import { seedUnindexedBacklog } from '../../helpers/backlog.js';

describe('SearchIndexer.catchUp', () => {
  let dir: string;
  let db: Db;
  let indexDb: Db;
  let indexer: SearchIndexer;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hookscope-index-'));
    const file = path.join(dir, 'i.db');
    seedUnindexedBacklog(file, 1000);
    db = openDatabase(file);
    indexDb = openDatabase(file, { lockWaitMs: 0, autoCheckpoint: false });
    indexer = new SearchIndexer(indexDb);
  });
  afterEach(() => {
    indexer.close();
    indexDb.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const indexedUpTo = () => db.prepare('SELECT last_seq FROM fts_progress WHERE id = 1').pluck().get() as number;
  const matches = (q: string) => new RequestRepository(db, 100_000).list({ q, limit: 10 }).items.map((i) => i.url);

  it('stops at its time budget and says how far behind the index still is', () => {
    expect(indexer.catchUp(0)).toBe(900); // one slice of 100, then the budget is spent
    expect(indexedUpTo()).toBe(100);
    expect(matches('marker-1000')).toEqual([]);
    expect(matches('marker-100 ')).toEqual(['/seed/100']);
  });

  it('without a budget indexes everything and reports nothing behind', () => {
    expect(indexer.catchUp()).toBe(0);
    expect(indexedUpTo()).toBe(1000);
    expect(matches('marker-1000')).toEqual(['/seed/1000']);
  });
});
