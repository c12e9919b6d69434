import { existsSync } from 'node:fs';
import type { CliIo } from '../cli.js';
import { openDatabase } from '../store/database.js';
import { RequestRepository } from '../store/repository.js';

/** `hookscope list`: reads the database directly (WAL lets it run beside a live inspector). */
export function runList(options: { db: string; json: boolean; limit: number }, io: CliIo): number {
  if (!existsSync(options.db)) {
    io.stderr(`hookscope: no database at ${options.db} (start hookscope first, or pass --db)`);
    return 1;
  }
  const db = openDatabase(options.db);
  try {
    const repo = new RequestRepository(db, Number.MAX_SAFE_INTEGER);
    const page = repo.list({ limit: Number.isInteger(options.limit) && options.limit > 0 ? options.limit : 50 });
    if (options.json) {
      io.stdout(JSON.stringify(page));
      return 0;
    }
    for (const item of page.items) {
      const verdict = item.verdict ? `${item.verdict}${item.diagnosis ? ` (${item.diagnosis})` : ''}` : '-';
      io.stdout(`${item.id.padStart(6)}  ${item.receivedAt}  ${item.method.padEnd(7)} ${item.url}  ${item.size} B  ${item.provider ?? '-'}  ${verdict}`);
    }
    if (page.items.length === 0) io.stdout('no requests captured yet');
    return 0;
  } finally {
    db.close();
  }
}
