import type { SqlClient } from './sql-client';

/** A valid session: who, and until when. */
export interface OperatorSession {
  username: string;
  expiresAt: Date;
}

/** Stores a new session (the token's hash only). */
export async function insertSession(
  db: SqlClient,
  session: { tokenHash: string; username: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    'INSERT INTO operator_sessions (token_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4)',
    [session.tokenHash, session.username, session.createdAt, session.expiresAt],
  );
}

/** The session of a token hash when it has not expired at `now` and its account is not disabled, else null. */
export async function findSession(
  db: SqlClient,
  tokenHash: string,
  now: Date,
): Promise<OperatorSession | null> {
  const { rows } = await db.query<{ username: string; expires_at: Date }>(
    `SELECT s.username, s.expires_at
       FROM operator_sessions s JOIN operator_accounts a ON a.username = s.username
      WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT a.disabled`,
    [tokenHash, now],
  );
  const row = rows[0];
  return row ? { username: row.username, expiresAt: row.expires_at } : null;
}

/** Ends one session (sign-out); false when there was none. */
export async function deleteSession(db: SqlClient, tokenHash: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM operator_sessions WHERE token_hash = $1', [tokenHash]);
  return rowCount === 1;
}

/** Prunes sessions that expired before `now`; returns how many. */
export async function deleteExpiredSessions(db: SqlClient, now: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM operator_sessions WHERE expires_at <= $1', [now]);
  return rowCount ?? 0;
}
