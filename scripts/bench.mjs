// npm run bench [-- name ...]: runs the named benchmarks (all when none is named) and prints their figures.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'harness.mjs')
  .map((f) => f.replace(/\.mjs$/, ''));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : available) {
  const mod = await import(path.join(dir, `${name}.mjs`));
  await mod.run();
}
