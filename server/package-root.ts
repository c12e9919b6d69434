import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package root, whether this runs from server/ (tests) or from the compiled dist/server/. */
export const PACKAGE_ROOT = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');

/**
 * A compiled module under dist/, for code that must run as plain JavaScript even when the caller runs
 * from TypeScript sources (worker threads: Node starts them from a .js file).
 */
export function compiledPath(relative: string): string {
  return path.join(PACKAGE_ROOT, 'dist', relative);
}
