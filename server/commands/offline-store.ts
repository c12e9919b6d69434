/**
 * What the offline commands (`list`, `export`) share: the database opened directly (WAL lets them run
 * beside a live inspector) and a presenter that masks the secrets the config file and --secret name,
 * exactly as the API does.
 */
import { existsSync } from 'node:fs';
import type { CliIo } from '../cli.js';
import { loadConfigFile } from '../config-file.js';
import { resolveConfig } from '../config.js';
import { RequestPresenter } from '../api/request-presenter.js';
import { openDatabase, type Db } from '../store/database.js';
import { RequestRepository } from '../store/repository.js';
import { SearchIndexer } from '../store/search-indexer.js';
import type { ListFilters } from '../../shared/api.js';
import { SecretScrubber } from '../verify/secret-scrubber.js';
import { SecretStore } from '../verify/secret-store.js';

export interface OfflineOptions {
  db: string;
  config?: string;
  secret?: string[];
  env: NodeJS.ProcessEnv;
  /** With a search (`q`), the full-text index is brought up to date first. */
  filters?: ListFilters;
}

/**
 * How long a command may spend indexing what the search index has not reached yet (captures the inspector
 * has not indexed, or a database it never indexed). The inspector's own searches stop at
 * SEARCH_CATCH_UP_MS (list-query.ts) because captures wait behind them; behind this waits only the user,
 * and a result that silently missed the newest requests would mislead.
 */
const COMMAND_SEARCH_CATCH_UP_MS = 60_000;

export function withOfflineStore(options: OfflineOptions, io: CliIo, run: (repo: RequestRepository, presenter: RequestPresenter) => number): number {
  if (!existsSync(options.db)) {
    io.stderr(`hookscope: no database at ${options.db} (start hookscope first, or pass --db)`);
    return 1;
  }
  const { file, configPath } = loadConfigFile(options.config ?? options.env.HOOKSCOPE_CONFIG);
  const config = resolveConfig({ flags: { secret: options.secret }, env: options.env, file, configPath });
  const presenter = new RequestPresenter(new SecretScrubber(new SecretStore(config.secrets, config.endpoints)));
  let db: Db | null = null;
  try {
    db = openDatabase(options.db);
    if (options.filters?.q) catchUpSearchIndex(db, io);
    return run(new RequestRepository(db, Number.MAX_SAFE_INTEGER), presenter);
  } finally {
    db?.close();
  }
}

/** Index the backlog (the index's progress is in the database, so the running inspector and this agree on it). */
function catchUpSearchIndex(db: Db, io: CliIo): void {
  const indexer = new SearchIndexer(db, (message) => io.stderr(`hookscope: ${message}`));
  try {
    const behind = indexer.catchUp(COMMAND_SEARCH_CATCH_UP_MS);
    if (behind > 0) io.stderr(`hookscope: the search index is ${behind} requests behind (the database stayed busy, or indexing took over a minute); the newest may be missing from these results`);
  } finally {
    indexer.close();
  }
}
