#!/usr/bin/env node
// Prints the README's provider table from each scheme's `doc` (run after a build), so the table
// cannot drift from the code: node scripts/provider-table.js
import { SCHEMES } from '../dist/shared/verify/registry.js';

const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
console.log('| provider (id) | headers | what is signed | tolerance | tested against |');
console.log('|---|---|---|---|---|');
for (const s of SCHEMES) {
  console.log(`| ${cell(s.title)} (\`${s.id}\`) | ${cell(s.doc.headers.map((h) => '`' + h + '`').join(', '))} | ${cell(s.doc.signs)} | ${cell(s.doc.tolerance)} | ${cell(s.doc.testedAgainst)} |`);
}
