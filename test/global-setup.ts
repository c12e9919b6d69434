/**
 * Runs once before any test: builds what is stale (server → dist/, UI → ui/dist/). The writer thread
 * and the CLI run compiled JavaScript even when tests import the TypeScript sources, so a stale dist/
 * would test old code.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'ensure-build.js')], { cwd: root, stdio: 'inherit' });
}
