import { writeFileSync } from 'node:fs';
import type { RequestDetail } from '../../shared/api.js';
import { toHar } from '../api/har.js';
import type { CliIo } from '../cli.js';
import { withOfflineStore, type OfflineOptions } from './offline-store.js';

/** `hookscope export --har <file> [--ids 1,2]`: the same HAR as GET /api/export.har, from the database. */
export function runExport(options: OfflineOptions & { har: string; ids?: number[]; limit: number }, io: CliIo): number {
  return withOfflineStore(options, io, (repo, presenter) => {
    const ids = options.ids ?? repo.list({ limit: options.limit }).items.map((i) => Number(i.id));
    const details = [...ids]
      .sort((a, b) => a - b)
      .map((id) => repo.get(id))
      .filter((d): d is RequestDetail => d !== null)
      .map((d) => presenter.detail(d));
    writeFileSync(options.har, JSON.stringify(toHar(details, '0.1.0'), null, 2) + '\n', { mode: 0o600 });
    io.stdout(`wrote ${details.length} request${details.length === 1 ? '' : 's'} to ${options.har}`);
    return 0;
  });
}
