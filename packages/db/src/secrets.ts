import { readFileSync } from 'node:fs';

/**
 * A secret from `NAME` or, Docker-secrets style, from the file named by `NAME_FILE` (trailing newline dropped).
 * Setting both is refused, so a stale variable cannot silently win over the mounted secret.
 */
export function readSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct !== undefined && file !== undefined) throw new Error(`Set ${name} or ${name}_FILE, not both.`);
  if (file !== undefined) return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  return direct;
}
