#!/usr/bin/env node
// Stages one workspace of a built checkout for a runtime image: production dependencies only, and the shipped
// files ("files" of package.json: dist, migrations) of the workspace and of every workspace it depends on.
//   node deploy/scripts/stage-workspace.mjs <workspace dir, e.g. services/query> <output dir>
// The Dockerfiles run it after `npm ci` and the build; deploy/test/images.int.spec.ts runs it outside Docker and
// starts the image's CMD from the output, so what the image would contain is exercised here.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';

const [workspaceArg, outArg] = process.argv.slice(2);
if (!workspaceArg || !outArg) {
  console.error('usage: stage-workspace.mjs <workspace dir> <output dir>');
  process.exit(2);
}
const root = process.cwd();
const out = path.resolve(outArg);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const workspace = readJson(path.join(root, workspaceArg, 'package.json'));

// npm ci needs the root manifest, the lock and every workspace's package.json (the lock lists them all).
const workspaceDirs = readJson(path.join(root, 'package.json')).workspaces.flatMap((glob) => {
  const parent = glob.replace(/\/\*$/, '');
  return readdirSync(path.join(root, parent))
    .map((name) => `${parent}/${name}`)
    .filter((dir) => existsSync(path.join(root, dir, 'package.json')));
});
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of ['package.json', 'package-lock.json', ...workspaceDirs.map((d) => `${d}/package.json`)]) {
  cpSync(path.join(root, file), path.join(out, file));
}

// --omit=optional drops the embedded PostgreSQL binaries (db depends on embedded-pg for dev runs only; its CLI
// loads it only when no DATABASE_URL is given). No install scripts: no production dependency needs one.
execFileSync(
  'npm',
  [
    'ci',
    '--omit=dev',
    '--omit=optional',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    '--workspace',
    workspace.name,
  ],
  { cwd: out, stdio: 'inherit' },
);

// The workspaces in the closure are the links npm made under node_modules/@vehicle-tracker.
const scope = path.join(out, 'node_modules', '@vehicle-tracker');
const linked = existsSync(scope)
  ? readdirSync(scope).map((name) =>
      path.relative(out, path.resolve(scope, readlinkSync(path.join(scope, name)))),
    )
  : [];
for (const dir of workspaceDirs) {
  if (!linked.includes(dir) && dir !== workspaceArg.replace(/\/$/, '')) {
    rmSync(path.join(out, dir), { recursive: true, force: true });
    rmSync(path.join(scope, path.basename(dir)), { force: true });
    continue;
  }
  for (const entry of readJson(path.join(root, dir, 'package.json')).files ?? []) {
    const from = path.join(root, dir, entry);
    if (!existsSync(from)) throw new Error(`${dir}/${entry} is missing: build first (npm run build)`);
    cpSync(from, path.join(out, dir, entry), {
      recursive: true,
      filter: (src) => !/\.(tsbuildinfo|map)$/.test(src) && !/\.(int|unit)\.spec\./.test(src),
    });
  }
}
for (const parent of new Set(workspaceDirs.map((dir) => path.dirname(dir)))) {
  if (readdirSync(path.join(out, parent)).length === 0) rmSync(path.join(out, parent), { recursive: true });
}
console.log(`staged ${workspace.name} with ${linked.length} workspace packages in ${out}`);
