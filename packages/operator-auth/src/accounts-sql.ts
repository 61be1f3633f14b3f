import type { SqlClient } from './sql-client';

/** An operator account as stored (username lower-cased). */
export interface OperatorAccount {
  username: string;
  passwordHash: string;
  createdAt: Date;
  disabled: boolean;
}

/** What the admin API lists: never the hash. */
export type OperatorSummary = Omit<OperatorAccount, 'passwordHash'>;

interface AccountRow {
  username: string;
  password_hash: string;
  created_at: Date;
  disabled: boolean;
}

const toAccount = (r: AccountRow): OperatorAccount => ({
  username: r.username,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  disabled: r.disabled,
});

/** The account named `username` (already lower-cased), or null. */
export async function findOperator(db: SqlClient, username: string): Promise<OperatorAccount | null> {
  const { rows } = await db.query<AccountRow>(
    'SELECT username, password_hash, created_at, disabled FROM operator_accounts WHERE username = $1',
    [username],
  );
  return rows[0] ? toAccount(rows[0]) : null;
}

/** Creates the account; null when the username is taken (nothing is changed then). */
export async function insertOperator(
  db: SqlClient,
  account: { username: string; passwordHash: string },
): Promise<OperatorAccount | null> {
  const { rows } = await db.query<AccountRow>(
    `INSERT INTO operator_accounts (username, password_hash) VALUES ($1, $2)
     ON CONFLICT (username) DO NOTHING
     RETURNING username, password_hash, created_at, disabled`,
    [account.username, account.passwordHash],
  );
  return rows[0] ? toAccount(rows[0]) : null;
}

/** Every account, by username. */
export async function listOperators(db: SqlClient): Promise<OperatorSummary[]> {
  const { rows } = await db.query<AccountRow>(
    'SELECT username, created_at, disabled FROM operator_accounts ORDER BY username',
  );
  return rows.map((r) => ({ username: r.username, createdAt: r.created_at, disabled: r.disabled }));
}

/**
 * Sets a new password hash and ends every session of that operator, in one statement (so no session survives a
 * password change, whoever commits first). False when there is no such account.
 */
export async function setOperatorPassword(
  db: SqlClient,
  username: string,
  passwordHash: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH ended AS (DELETE FROM operator_sessions WHERE username = $1)
     UPDATE operator_accounts SET password_hash = $2 WHERE username = $1`,
    [username, passwordHash],
  );
  return rowCount === 1;
}

/** Deletes the account; its sessions go with it (ON DELETE CASCADE). False when there is no such account. */
export async function deleteOperator(db: SqlClient, username: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM operator_accounts WHERE username = $1', [username]);
  return rowCount === 1;
}

/** How many accounts can sign in (not disabled). */
export async function countEnabledOperators(db: SqlClient): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM operator_accounts WHERE NOT disabled',
  );
  return rows[0]?.n ?? 0;
}
