import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root (deploy/test/support -> ../../..). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Absolute path of a repository-relative path. */
export const repoPath = (...parts: string[]): string => path.join(ROOT, ...parts);

/** A repository file's text, or undefined when it does not exist (yet). */
export function readRepoFile(relative: string): string | undefined {
  const file = repoPath(relative);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The Node services of the stack, each built from services/<name>. */
export const NODE_SERVICES = ['heartbeat', 'projector', 'query'] as const;
export type NodeService = (typeof NODE_SERVICES)[number];
