import { existsSync, readFileSync } from 'node:fs';
import { ConfigError, DEFAULTS, type FileConfig } from './config.js';

/** An explicit --config must exist; the default file is read only when present. */
export function loadConfigFile(explicit: string | undefined): { file: FileConfig | null; configPath: string | null } {
  const configPath = explicit ?? DEFAULTS.configPath;
  if (!existsSync(configPath)) {
    if (explicit) throw new ConfigError(`config file ${explicit} not found`);
    return { file: null, configPath: null };
  }
  try {
    const parsed = JSON.parse(readFileSync(configPath, 'utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be an object');
    return { file: parsed as FileConfig, configPath };
  } catch (error) {
    throw new ConfigError(`config file ${configPath}: ${(error as Error).message}`);
  }
}
