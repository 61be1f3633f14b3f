// npm run bench [-- name ...] [--quick] [--report]: runs the named benchmarks (all when none is named), prints
// their figures, and after a full run (all of them, issue sizes) writes docs/benchmarks.md and its plots.
//   --quick   small sizes (a smoke run, what `npm run bench:quick` and npm test use); the report goes to a
//             temporary folder unless --report is given
//   --report  write docs/benchmarks.md from this run even when it is quick or partial
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'bench');
/** The report's order (the issue's); benchmarks added later follow alphabetically. */
const ORDER = ['store', 'ingest', 'projector', 'query', 'system'];

const { values: flags, positionals: wanted } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'harness.mjs')
  .map((f) => f.replace(/\.mjs$/, ''))
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
if (flags.help) {
  console.log(`npm run bench [-- name ...] [--quick] [--report]; benchmarks: ${available.join(', ')}`);
  process.exit(0);
}
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const names = wanted.length ? wanted : available;
const full = !flags.quick && names.length === available.length;

/** A module's result in the contract's shape, whatever it returned (older benchmarks return nothing). */
function normalise(name, returned) {
  if (!returned || !Array.isArray(returned.figures))
    return { name, figures: [], notes: ['Returned no figures (see its printed output).'] };
  return { ...returned, name: returned.name ?? name };
}

async function runOne(name) {
  console.log(`\n== ${name}${flags.quick ? ' (quick)' : ''} ==`);
  const started = performance.now();
  // The load average as the benchmark starts: its wall time (and figures) depend on what else ran.
  const load = os.loadavg()[0];
  try {
    const mod = await import(path.join(dir, `${name}.mjs`));
    const result = normalise(name, await mod.run({ quick: flags.quick }));
    return { ...result, durationMs: performance.now() - started, load };
  } catch (err) {
    console.error(`${name} failed:`, err);
    const error = err?.message ?? String(err);
    return { name, figures: [], error, durationMs: performance.now() - started, load };
  } finally {
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

function command() {
  const args = [...wanted, ...(flags.quick ? ['--quick'] : []), ...(flags.report ? ['--report'] : [])];
  return args.length ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
}

const REPRODUCE = [
  ['npm run bench', 'every benchmark at the issue’s sizes; writes this page and docs/benchmarks/*.svg'],
  [
    'npm run bench -- system',
    'one benchmark (store, ingest, projector, query, system): prints, writes nothing',
  ],
  ['npm run bench -- ingest --report', 'one benchmark, and this page from it'],
  ['npm run bench -- --quick', 'smoke sizes (npm run bench:quick); the report goes to a temporary folder'],
  ['apt-get install -y wrk', 'the ingest benchmark’s load generator, once'],
];

const startedAt = new Date();
const loadStart = os.loadavg()[0];
const started = performance.now();
const results = [];
for (const name of names) results.push(await runOne(name));

const { benchDatabaseInfo } = await import(path.join(dir, 'harness.mjs'));
const { describeMachine } = await import(path.join(dir, 'report', 'machine.mjs'));
const { writeReport } = await import(path.join(dir, 'report', 'write-report.mjs'));
const report = {
  date: startedAt.toISOString(),
  kind: full ? 'full' : flags.quick ? 'quick' : 'partial',
  durationMs: performance.now() - started,
  command: command(),
  machine: describeMachine({
    root,
    databaseInfo: benchDatabaseInfo,
    load: { start: loadStart, end: os.loadavg()[0] },
  }),
  reproduce: REPRODUCE,
  reproduceNote:
    'Sizes, rates and durations default to the issue’s; the environment variables that change them (e.g. ' +
    '`BENCH_SYSTEM_RATE`, `BENCH_SECONDS`) are named at the top of each `bench/<name>.mjs`. Run on a quiet ' +
    'machine: every figure is printed with the load average, and the ratios to the ceilings, measured in the ' +
    'same run, are what compare between machines.',
  results,
};
const failed = results.filter((r) => r.error);
// A failed full run keeps the last good page; the failed one still goes somewhere to look at.
const toDocs = flags.report || (full && failed.length === 0);
const out = toDocs ? path.join(root, 'docs') : mkdtempSync(path.join(os.tmpdir(), 'vt-bench-report-'));
const file = await writeReport(out, report);

console.log(`\n== summary (${(report.durationMs / 1000).toFixed(0)} s, load ${loadStart.toFixed(1)}) ==`);
for (const r of results) {
  const targets = r.figures.filter((f) => f.target);
  const met = targets.filter((f) => f.target.met === true).length;
  const status = r.error ? `FAILED: ${r.error}` : `${met}/${targets.length} targets met`;
  const wall = `${((r.durationMs ?? 0) / 1000).toFixed(0).padStart(5)} s (load ${r.load.toFixed(1)})`;
  console.log(`  ${r.name.padEnd(10)} ${wall}  ${status}`);
}
console.log(`report: ${file}`);
if (full && !toDocs)
  console.log('docs/benchmarks.md kept as it was: a benchmark failed (--report writes it anyway)');
// Benchmarks may leave handles (pools, timers) behind: the run is over.
process.exit(failed.length ? 1 : 0);
