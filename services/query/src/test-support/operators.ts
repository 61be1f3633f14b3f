import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { hashPassword, insertOperator } from '@vehicle-tracker/operator-auth';
import type { Queryable } from '@vehicle-tracker/service-kit';

export interface TestOperator {
  username: string;
  password: string;
}

/** An operator account with a fresh username and a password of the allowed length. */
export async function insertTestOperator(
  db: Queryable,
  overrides: Partial<TestOperator> = {},
): Promise<TestOperator> {
  const operator = {
    username: `op-${randomUUID().slice(0, 8)}`,
    password: `pw-${randomUUID()}`,
    ...overrides,
  };
  await insertOperator(db, {
    username: operator.username,
    passwordHash: await hashPassword(operator.password),
  });
  return operator;
}

/** Signs in through the API; returns the token and the vt_session cookie as sent back. */
export async function signIn(
  app: Express,
  operator: TestOperator,
): Promise<{ token: string; cookie: string }> {
  const res = await request(app).post('/api/v1/auth/login').send(operator).expect(200);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0] ?? '';
  return { token: res.body.token as string, cookie: cookie.split(';')[0]! };
}

/** The rows of operator_sessions for one operator. */
export async function sessionRows(
  db: Queryable,
  username: string,
): Promise<{ token_hash: string; created_at: Date; expires_at: Date }[]> {
  const { rows } = await db.query<{ token_hash: string; created_at: Date; expires_at: Date }>(
    'SELECT token_hash, created_at, expires_at FROM operator_sessions WHERE username = $1 ORDER BY created_at',
    [username],
  );
  return rows;
}
