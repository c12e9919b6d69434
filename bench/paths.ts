import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Benchmarks run from dist/bench/; compiled siblings live under dist/. */
const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export function distFile(relative: string): string {
  return path.join(distRoot, relative);
}

/** The `hookscope` bin, as a user runs it. */
export const HOOKSCOPE_BIN = path.resolve(distRoot, '..', 'bin', 'hookscope.js');
