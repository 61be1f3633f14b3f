import {
  countEnabledOperators,
  findOperator,
  hashPassword,
  insertOperator,
  setOperatorPassword,
  verifyPassword,
} from '@vehicle-tracker/operator-auth';
import type { Logger, Queryable } from '@vehicle-tracker/service-kit';

export type EnsureResult = 'created' | 'password reset' | 'unchanged';

/**
 * Makes sure the configured operator can sign in with the configured password: creates the account, or resets
 * its password (ending its sessions) when it differs. An unchanged password leaves sessions alone, so restarts
 * and several replicas starting at once sign nobody out. A disabled account stays disabled.
 */
export async function ensureOperator(
  db: Queryable,
  username: string,
  password: string,
): Promise<EnsureResult> {
  const existing = await findOperator(db, username);
  if (existing && (await verifyPassword(password, existing.passwordHash))) return 'unchanged';
  const passwordHash = await hashPassword(password);
  if (existing) {
    await setOperatorPassword(db, username, passwordHash);
    return 'password reset';
  }
  // Another replica may create it first: then set the password as if it had existed.
  if (await insertOperator(db, { username, passwordHash })) return 'created';
  await setOperatorPassword(db, username, passwordHash);
  return 'password reset';
}

/**
 * At start: ensures OPERATOR_USERNAME's account when configured and warns when nobody can sign in. Retries
 * every `retryMs` while the database (or migration 0009) is not there yet, without holding up the start.
 * Returns a stop function.
 */
export function ensureOperatorsAtStart(opts: {
  db: Queryable;
  logger: Logger;
  account?: { username: string; password: string };
  retryMs?: number;
  /** Called once the configured account is there (at once when none is configured): readiness waits for it. */
  onEnsured?: () => void;
}): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const attempt = async () => {
    try {
      if (opts.account) {
        const result = await ensureOperator(opts.db, opts.account.username, opts.account.password);
        opts.logger.info({ username: opts.account.username, result }, 'operator account ensured');
      }
      opts.onEnsured?.();
      if ((await countEnabledOperators(opts.db)) === 0)
        opts.logger.warn(
          'no operator account can sign in: set OPERATOR_USERNAME and OPERATOR_PASSWORD, or POST /api/v1/admin/operators',
        );
    } catch (err) {
      opts.logger.warn({ err }, 'could not check operator accounts yet; retrying');
      if (!stopped) timer = setTimeout(() => void attempt(), opts.retryMs ?? 5000);
    }
  };
  void attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
