/**
 * A database left by an earlier run whose captures the search index never reached: `count` requests at
 * `/seed/<n>` with the body `backlog-marker-<n> text`, written straight into the SQLite file.
 */
import { openDatabase } from '../../server/store/database.js';
import { RequestRepository, type NewRequest } from '../../server/store/repository.js';

export function seedUnindexedBacklog(dbFile: string, count: number): void {
  const db = openDatabase(dbFile);
  try {
    const rows: NewRequest[] = Array.from({ length: count }, (_, i) => ({
      receivedAt: Date.now(),
      method: 'POST',
      url: `/seed/${i + 1}`,
      path: `/seed/${i + 1}`,
      httpVersion: '1.1',
      remoteAddress: '127.0.0.1',
      headers: [['Content-Type', 'text/plain']],
      contentType: 'text/plain',
      body: Buffer.from(`backlog-marker-${i + 1} text`),
      declaredSize: null,
      truncated: false,
      verification: null,
    }));
    new RequestRepository(db, 10_000_000).insertMany(rows);
  } finally {
    db.close();
  }
}
