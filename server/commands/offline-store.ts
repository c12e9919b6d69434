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
import { SecretScrubber } from '../verify/secret-scrubber.js';
import { SecretStore } from '../verify/secret-store.js';

export interface OfflineOptions {
  db: string;
  config?: string;
  secret?: string[];
  env: NodeJS.ProcessEnv;
}

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
    return run(new RequestRepository(db, Number.MAX_SAFE_INTEGER), presenter);
  } finally {
    db?.close();
  }
}
