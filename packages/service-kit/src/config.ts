import { z } from 'zod';
import { readSecret } from '@vehicle-tracker/db';

/** Thrown at start when the environment does not fit the service's schema; main prints it and exits 1. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Environment keys every service reads. */
export const BaseEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().min(1, 'DATABASE_URL (or DATABASE_URL_FILE) is required'),
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
});

/** Online until the last heartbeat is this many seconds old (one threshold, every reader uses it). */
export const OfflineAfter = z.coerce
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 3600)
  .default(60);

/**
 * Express's `trust proxy`: '' or false (none, the default), true, a hop count, or addresses/subnets
 * (`loopback`, `10.0.0.0/8`, comma-separated). Decides the client address behind a proxy (per-address rate
 * limits, the Secure cookie); without it X-Forwarded-For is ignored.
 */
export const TrustProxy = z
  .string()
  .default('')
  .transform((v): boolean | number | string => {
    if (v === '' || v === 'false') return false;
    if (v === 'true') return true;
    return /^\d+$/.test(v) ? Number(v) : v;
  });

/**
 * Parses `env` once with `schema`; `secrets` names keys that may also come from `NAME_FILE` (Docker secrets).
 * Fails with one message naming every bad key (values are never echoed: they may be secrets).
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
  secrets: readonly string[] = ['DATABASE_URL'],
): z.infer<S> {
  const resolved: Record<string, string | undefined> = { ...env };
  for (const name of secrets) {
    try {
      resolved[name] = readSecret(env, name);
    } catch (err) {
      throw new ConfigError(`${name}: ${(err as Error).message}`);
    }
  }
  const result = schema.safeParse(resolved);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
