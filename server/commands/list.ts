import type { CliIo } from '../cli.js';
import { withOfflineStore, type OfflineOptions } from './offline-store.js';
import { terminalSafe } from '../terminal-safe.js';

/** `hookscope list`: newest stored requests, masked like the API. */
export function runList(options: OfflineOptions & { json: boolean; limit: number }, io: CliIo): number {
  return withOfflineStore(options, io, (repo, presenter) => {
    const page = repo.newest(options.filters ?? {}, options.limit);
    const items = page.items.map((i) => presenter.summary(i));
    if (options.json) {
      io.stdout(JSON.stringify({ ...page, items }));
      return 0;
    }
    for (const item of items) {
      const verdict = item.verdict ? `${item.verdict}${item.diagnosis ? ` (${item.diagnosis})` : ''}` : '-';
      // Fixed-width columns first, the URL (any length) last; it is the sender's text, made safe for
      // the terminal (terminal-safe.ts).
      const columns = [item.id.padStart(6), item.receivedAt, item.method.padEnd(7), verdict.padEnd(30), (item.provider ?? '-').padEnd(12), `${item.size} B`.padStart(10)];
      io.stdout(terminalSafe(`${columns.join('  ')}  ${item.url}`));
    }
    if (items.length === 0) io.stdout(Object.values(options.filters ?? {}).some(Boolean) ? 'no stored request matches' : 'no requests captured yet');
    return 0;
  });
}
