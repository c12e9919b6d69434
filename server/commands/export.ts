import { writeFileSync } from 'node:fs';
import type { CliIo } from '../cli.js';
import { describeSelection, harOf, newestMatching } from '../api/har-export.js';
import { withOfflineStore, type OfflineOptions } from './offline-store.js';

/** `hookscope export --har <file> [--ids 1,2] [--limit n] [filters]`: the same HAR as GET /api/export.har, from the database. */
export function runExport(options: OfflineOptions & { har: string; ids?: number[]; limit: number }, io: CliIo): number {
  return withOfflineStore(options, io, (repo, presenter) => {
    const filters = options.filters ?? {};
    const selection = options.ids ? { ids: options.ids, more: false } : newestMatching(repo, filters, options.limit);
    const comment = options.ids ? undefined : describeSelection(filters, selection);
    const har = harOf(repo, presenter, selection.ids, comment) as { log: { entries: unknown[] } };
    writeFileSync(options.har, JSON.stringify(har, null, 2) + '\n', { mode: 0o600 });
    const count = har.log.entries.length;
    io.stdout(`wrote ${count} request${count === 1 ? '' : 's'} to ${options.har}${selection.more ? ` (the newest ${count}; older ones are stored too — raise --limit)` : ''}`);
    return 0;
  });
}
