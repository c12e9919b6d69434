#!/usr/bin/env node
// Entry point of the `hookscope` bin: runs the compiled CLI (npm run build / npm start compile it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('hookscope: not built yet; run `npm run build` (or `npm start`) in the hookscope folder first');
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
