#!/usr/bin/env node
// Builds what is missing or stale before `npm start`, `npm test` and `npm run bench`:
// the server (tsc → dist/) and the UI (vite → ui/dist/). `--force` rebuilds both.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

function newestMtime(entries) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'dist' && name !== 'node_modules') walk(path.join(p, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const e of entries) walk(path.join(root, e));
  return newest;
}

function stale(output, inputs) {
  const out = path.join(root, output);
  return force || !existsSync(out) || statSync(out).mtimeMs < newestMtime(inputs);
}

function run(bin, args) {
  execFileSync(process.execPath, [path.join(root, 'node_modules', bin), ...args], { cwd: root, stdio: 'inherit' });
}

const serverStamp = 'dist/.build-stamp';
if (stale(serverStamp, ['server', 'shared', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package.json'])) {
  console.error('hookscope: compiling the server…');
  run('typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(path.join(root, serverStamp), new Date().toISOString());
}
if (stale('ui/dist/index.html', ['ui', 'shared', 'vite.config.ts'])) {
  console.error('hookscope: building the UI…');
  run('vite/bin/vite.js', ['build', '--logLevel', 'warn']);
}
