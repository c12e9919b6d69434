import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, SCHEMA_VERSION, type Db } from '../../../server/store/database.js';
import { RequestRepository, type NewRequest } from '../../../server/store/repository.js';

function row(n: number, overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    receivedAt: 1_700_000_000_000 + n,
    method: n % 2 ? 'POST' : 'GET',
    url: `/hook/${n}?x=${n}`,
    path: `/hook/${n}`,
    httpVersion: '1.1',
    remoteAddress: '127.0.0.1',
    headers: [['X-N', String(n)], ['X-N', 'dup']],
    contentType: 'application/octet-stream',
    body: Buffer.from([n & 255, 0, 255]),
    declaredSize: 3,
    truncated: false,
    verification: null,
    ...overrides,
  };
}

describe('RequestRepository', () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hookscope-repo-'));
    file = path.join(dir, 'nested', 'hookscope.db');
    db = openDatabase(file);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file private to the user, in WAL mode, at the current schema version', () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // migration 3: the full-text index merges its segments less eagerly while it is filled
    expect(db.prepare("SELECT v FROM requests_fts_config WHERE k = 'automerge'").pluck().get()).toBe(16);
  });

  it('stores bodies and duplicate headers exactly and reads them back', () => {
    const repo = new RequestRepository(db, 100);
    const [seq] = repo.insertMany([row(5)]);
    const detail = repo.get(seq!)!;
    expect(Buffer.from(detail.body, 'base64')).toEqual(Buffer.from([5, 0, 255]));
    expect(detail.headers).toEqual([['X-N', '5'], ['X-N', 'dup']]);
    expect(detail.url).toBe('/hook/5?x=5');
    expect(detail.bodyText).toBeNull(); // NUL byte: binary
  });

  it('pages newest first with an opaque cursor, without gaps or repeats', () => {
    const repo = new RequestRepository(db, 1000);
    repo.insertMany(Array.from({ length: 25 }, (_, i) => row(i)));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = repo.list({ limit: 10, cursor });
      seen.push(...page.items.map((i) => i.url));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `/hook/${24 - i}?x=${24 - i}`));
    expect(() => repo.list({ cursor: 'garbage' })).toThrow(RangeError);
  });

  it('filters by method and path prefix', () => {
    const repo = new RequestRepository(db, 1000);
    repo.insertMany([row(1), row(2), row(3), row(12, { path: '/other', url: '/other' })]);
    expect(repo.list({ method: 'get' }).items.map((i) => i.path)).toEqual(['/other', '/hook/2']);
    expect(repo.list({ path: '/hook/' }).items).toHaveLength(3);
  });

  it('keeps only the newest --keep requests (pruned in batches, never below keep)', () => {
    const repo = new RequestRepository(db, 20);
    for (let i = 0; i < 10; i++) repo.insertMany(Array.from({ length: 7 }, (_, j) => row(i * 7 + j)));
    const count = (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
    expect(count).toBeGreaterThanOrEqual(20);
    expect(count).toBeLessThanOrEqual(22);
    expect(repo.count()).toBe(count);
    const newest = repo.list({ limit: 20 }).items;
    expect(newest[0]!.url).toBe('/hook/69?x=69');
    expect(newest[19]!.url).toBe('/hook/50?x=50');
  });

  it('deletes one and all', () => {
    const repo = new RequestRepository(db, 100);
    const [a, b] = repo.insertMany([row(1), row(2)]);
    expect(repo.delete(a!)).toBe(true);
    expect(repo.delete(a!)).toBe(false);
    expect(repo.get(b!)).not.toBeNull();
    expect(repo.deleteAll()).toBe(1);
    expect(repo.list({}).items).toEqual([]);
  });

  it('survives reopening: data and schema persist', () => {
    const repo = new RequestRepository(db, 100);
    const [seq] = repo.insertMany([row(9)]);
    db.close();
    db = openDatabase(file);
    expect(new RequestRepository(db, 100).get(seq!)!.url).toBe('/hook/9?x=9');
  });
});
