import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readRepoFile, repoPath } from './repo';

/** Upper-case object keys (`KEY: z...`, `KEY: int(...)`) of a zod env schema file. */
export function schemaKeys(source: string): string[] {
  return [...source.matchAll(/^\s+([A-Z][A-Z0-9_]*)\s*:/gm)].map((m) => m[1]!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'test-support' ? [] : sourceFiles(file);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) ? [file] : [];
  });
}

export interface ServiceEnv {
  /** Every environment key the service reads. */
  keys: string[];
  /** Keys that may also come from NAME_FILE (the names given to loadConfig; DATABASE_URL by default). */
  secretKeys: string[];
}

/**
 * The environment a service reads, discovered from its source: the keys of its config schema
 * (services/<name>/src/config.ts, the one place a service reads its settings) and BaseEnv's keys when it extends
 * BaseEnv. `process.env` reads elsewhere (dev CLIs, debug switches) are not settings of the running service.
 * Undefined while the service has no config.ts yet.
 */
export function serviceEnv(service: string): ServiceEnv | undefined {
  const config = readRepoFile(`services/${service}/src/config.ts`);
  if (config === undefined) return undefined;
  const keys = new Set(schemaKeys(config));
  if (/\bBaseEnv\b/.test(config)) {
    for (const key of schemaKeys(readRepoFile('packages/service-kit/src/config.ts') ?? '')) keys.add(key);
  }
  const secretKeys = new Set(['DATABASE_URL']);
  for (const file of sourceFiles(repoPath('services', service, 'src'))) {
    const source = readRepoFile(path.relative(repoPath(), file)) ?? '';
    // loadConfig(schema, env, ['DATABASE_URL', 'ADMIN_TOKEN']): the names that accept NAME_FILE.
    for (const list of source.matchAll(/\[([^\]]*'DATABASE_URL'[^\]]*)\]/g)) {
      for (const name of list[1]!.matchAll(/'([A-Z][A-Z0-9_]*)'/g)) secretKeys.add(name[1]!);
    }
  }
  return { keys: [...keys].sort(), secretKeys: [...secretKeys].sort() };
}
