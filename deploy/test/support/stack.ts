import { createRequire } from 'node:module';
import { readRepoFile } from './repo';

// js-yaml arrives with eslint and jest (it ships no types); YAML anchors and `<<` merge keys are supported.
const yaml = createRequire(__filename)('js-yaml') as { load(text: string): unknown };

export interface StackService {
  image: string;
  environment?: Record<string, string>;
  secrets?: (string | { source: string; target?: string })[];
  ports?: unknown[];
  networks?: string[] | Record<string, unknown>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  deploy?: {
    mode?: string;
    replicas?: number | string;
    placement?: { constraints?: string[] };
    update_config?: { order?: string; failure_action?: string };
    restart_policy?: { condition?: string };
    resources?: { limits?: { cpus?: string; memory?: string } };
  };
}

export interface Stack {
  services: Record<string, StackService>;
  secrets?: Record<string, unknown>;
  networks?: Record<string, { driver?: string }>;
  volumes?: Record<string, unknown>;
}

/**
 * Replaces `${NAME:-default}` / `${NAME}` as `docker stack config` does, from `env` (the defaults when unset).
 * Structural checks use this so they run without a docker CLI; stack.spec.ts also runs the real renderer.
 */
export function interpolate(text: string, env: Record<string, string | undefined> = {}): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) => {
    return env[name] ?? fallback ?? '';
  });
}

/** Parses a stack file of the repository with its defaults interpolated. */
export function loadStack(relative = 'docker-stack.yml', env: Record<string, string> = {}): Stack {
  const text = readRepoFile(relative);
  if (text === undefined) throw new Error(`${relative} is missing`);
  return yaml.load(interpolate(text, env)) as Stack;
}

/** The secret names a service mounts. */
export const secretsOf = (service: StackService): string[] =>
  (service.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));

/** The networks a service joins. */
export const networksOf = (service: StackService): string[] =>
  Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});
