import { findOperator, verifyPassword } from '@vehicle-tracker/operator-auth';
import { createLogger } from '@vehicle-tracker/service-kit';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { insertTestOperator } from '../test-support/operators';
import { ensureOperator, ensureOperatorsAtStart } from './ensure-operator';

describe('the operator account ensured at start', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const session = (username: string) =>
    db.pool.query(
      `INSERT INTO operator_sessions (token_hash, username, expires_at)
       VALUES (encode(sha256(gen_random_uuid()::text::bytea), 'hex'), $1, now() + interval '1 hour')`,
      [username],
    );
  const sessions = async (username: string) =>
    (await db.pool.query('SELECT 1 FROM operator_sessions WHERE username = $1', [username])).rowCount;

  it('is created when missing', async () => {
    await expect(ensureOperator(db.pool, 'ensured-a', 'a-password-of-length')).resolves.toBe('created');
    const account = await findOperator(db.pool, 'ensured-a');
    expect(account).toMatchObject({ username: 'ensured-a', disabled: false });
    expect(account!.passwordHash).toMatch(/^\$scrypt\$/);
    await expect(verifyPassword('a-password-of-length', account!.passwordHash)).resolves.toBe(true);
  });

  it('is left alone, sessions included, when the password is unchanged', async () => {
    const op = await insertTestOperator(db.pool);
    const before = await findOperator(db.pool, op.username);
    await session(op.username);
    await expect(ensureOperator(db.pool, op.username, op.password)).resolves.toBe('unchanged');
    expect((await findOperator(db.pool, op.username))?.passwordHash).toBe(before!.passwordHash);
    expect(await sessions(op.username)).toBe(1);
  });

  it('gets the configured password back when it differs, and its sessions end', async () => {
    const op = await insertTestOperator(db.pool);
    await session(op.username);
    await expect(ensureOperator(db.pool, op.username, 'the-new-configured-one')).resolves.toBe(
      'password reset',
    );
    const account = await findOperator(db.pool, op.username);
    await expect(verifyPassword('the-new-configured-one', account!.passwordHash)).resolves.toBe(true);
    await expect(verifyPassword(op.password, account!.passwordHash)).resolves.toBe(false);
    expect(await sessions(op.username)).toBe(0);
  });

  it('stays disabled when an administrator disabled it', async () => {
    const op = await insertTestOperator(db.pool);
    await db.pool.query('UPDATE operator_accounts SET disabled = true WHERE username = $1', [op.username]);
    await ensureOperator(db.pool, op.username, 'another-password-here');
    expect((await findOperator(db.pool, op.username))?.disabled).toBe(true);
  });

  it('retries at start while the database is not ready, then ensures the account', async () => {
    let failures = 2;
    const flaky = {
      query: ((sql: string, params?: unknown[]) =>
        failures-- > 0
          ? Promise.reject(new Error('connect ECONNREFUSED'))
          : db.pool.query(sql, params)) as typeof db.pool.query,
    };
    const stop = ensureOperatorsAtStart({
      db: flaky,
      logger: createLogger('test', 'silent'),
      account: { username: 'ensured-later', password: 'a-password-of-length' },
      retryMs: 10,
    });
    try {
      for (let i = 0; i < 200 && !(await findOperator(db.pool, 'ensured-later')); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(await findOperator(db.pool, 'ensured-later')).not.toBeNull();
    } finally {
      stop();
    }
  });

  it('says when the account is there, so readiness can wait for it (not before)', async () => {
    let ensuredWhileMissing: boolean | undefined;
    const done = new Promise<void>((resolve) => {
      ensureOperatorsAtStart({
        db: db.pool,
        logger: createLogger('test', 'silent'),
        account: { username: 'ready-after', password: 'a-password-of-length' },
        onEnsured: () => {
          void findOperator(db.pool, 'ready-after').then((found) => {
            ensuredWhileMissing = found === null;
            resolve();
          });
        },
      });
    });
    await done;
    expect(ensuredWhileMissing).toBe(false);
  });
});
