import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import {
  countEnabledOperators,
  deleteOperator,
  findOperator,
  insertOperator,
  listOperators,
  setOperatorPassword,
} from './accounts-sql';
import { deleteExpiredSessions, deleteSession, findSession, insertSession } from './sessions-sql';
import { createSessionToken } from './session-token';

describe('operator accounts and sessions SQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const name = () => `op-${Math.random().toString(36).slice(2, 10)}`;
  const sessionOf = async (username: string, expiresAt = new Date(Date.now() + 60_000)) => {
    const { tokenHash } = createSessionToken();
    await insertSession(db.pool, { tokenHash, username, createdAt: new Date(), expiresAt });
    return tokenHash;
  };
  const sessionRows = async (username: string) =>
    (await db.pool.query('SELECT 1 FROM operator_sessions WHERE username = $1', [username])).rowCount;

  it('creates an account once, finds and lists it without its hash', async () => {
    const username = name();
    const created = await insertOperator(db.pool, { username, passwordHash: 'h1' });
    expect(created).toMatchObject({ username, passwordHash: 'h1', disabled: false });
    expect(created!.createdAt).toBeInstanceOf(Date);
    expect(await insertOperator(db.pool, { username, passwordHash: 'h2' })).toBeNull();
    expect((await findOperator(db.pool, username))?.passwordHash).toBe('h1');
    expect(await findOperator(db.pool, name())).toBeNull();
    const listed = (await listOperators(db.pool)).find((o) => o.username === username);
    expect(listed).toEqual({ username, createdAt: created!.createdAt, disabled: false });
    expect(await countEnabledOperators(db.pool)).toBeGreaterThanOrEqual(1);
  });

  it('refuses a username that is not lower-cased (the table checks it)', async () => {
    await expect(insertOperator(db.pool, { username: 'Upper', passwordHash: 'h' })).rejects.toThrow(/check/);
  });

  it('finds a live session, not an expired one nor one of a disabled account', async () => {
    const username = name();
    await insertOperator(db.pool, { username, passwordHash: 'h' });
    const live = await sessionOf(username, new Date('2030-01-01T00:00:00Z'));
    const now = new Date('2029-12-31T23:59:59Z');
    expect(await findSession(db.pool, live, now)).toEqual({
      username,
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    });
    expect(await findSession(db.pool, live, new Date('2030-01-01T00:00:00Z'))).toBeNull();
    await db.pool.query('UPDATE operator_accounts SET disabled = true WHERE username = $1', [username]);
    expect(await findSession(db.pool, live, now)).toBeNull();
  });

  it('a password change ends every session of that operator only', async () => {
    const [a, b] = [name(), name()];
    await insertOperator(db.pool, { username: a, passwordHash: 'h' });
    await insertOperator(db.pool, { username: b, passwordHash: 'h' });
    await sessionOf(a);
    await sessionOf(a);
    await sessionOf(b);
    expect(await setOperatorPassword(db.pool, a, 'h-new')).toBe(true);
    expect((await findOperator(db.pool, a))?.passwordHash).toBe('h-new');
    expect(await sessionRows(a)).toBe(0);
    expect(await sessionRows(b)).toBe(1);
    expect(await setOperatorPassword(db.pool, name(), 'h')).toBe(false);
  });

  it('deleting an account deletes its sessions; sign-out and pruning delete sessions', async () => {
    const username = name();
    await insertOperator(db.pool, { username, passwordHash: 'h' });
    const one = await sessionOf(username);
    expect(await deleteSession(db.pool, one)).toBe(true);
    expect(await deleteSession(db.pool, one)).toBe(false);
    await sessionOf(username, new Date(Date.now() - 1000));
    await sessionOf(username);
    expect(await deleteExpiredSessions(db.pool, new Date())).toBeGreaterThanOrEqual(1);
    expect(await sessionRows(username)).toBe(1);
    expect(await deleteOperator(db.pool, username)).toBe(true);
    expect(await sessionRows(username)).toBe(0);
    expect(await deleteOperator(db.pool, username)).toBe(false);
  });
});
