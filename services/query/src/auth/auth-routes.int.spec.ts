import request from 'supertest';
import { hashSessionToken } from '@vehicle-tracker/operator-auth';
import { insertTestOperator, sessionRows, signIn, type TestOperator } from '../test-support/operators';
import { startTestApp, type TestApp } from '../test-support/test-app';

describe('operator sign-in (OPERATOR_AUTH=on)', () => {
  let t: TestApp;
  let clock = Date.parse('2026-11-25T10:00:00Z');
  let op: TestOperator;

  beforeAll(async () => {
    t = await startTestApp({
      now: () => new Date(clock),
      auth: { required: true, sessionTtlSeconds: 3600, loginMaxFailures: 1000 },
      trustProxy: 'loopback',
    });
    op = await insertTestOperator(t.db.pool);
  });
  afterAll(() => t.stop());

  const login = (body: object) => request(t.app).post('/api/v1/auth/login').send(body);

  it('signs in: 200 with username, token and expiry, an HttpOnly SameSite=Strict cookie, the hash stored', async () => {
    const res = await login({ username: op.username, password: op.password }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      username: op.username,
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(clock + 3600_000).toISOString(),
    });
    expect(res.headers['set-cookie']).toEqual([
      `vt_session=${res.body.token}; Path=/; HttpOnly; SameSite=Strict`,
    ]);
    const rows = await sessionRows(t.db.pool, op.username);
    expect(rows.at(-1)).toMatchObject({
      token_hash: hashSessionToken(res.body.token),
      expires_at: new Date(clock + 3600_000),
    });
    const { rows: raw } = await t.db.pool.query('SELECT 1 FROM operator_sessions WHERE token_hash = $1', [
      res.body.token,
    ]);
    expect(raw).toHaveLength(0);
  });

  it('accepts the username in any case and with spaces around it', async () => {
    const res = await login({ username: `  ${op.username.toUpperCase()} `, password: op.password }).expect(
      200,
    );
    expect(res.body.username).toBe(op.username);
  });

  it('marks the cookie Secure when the request came over https (X-Forwarded-Proto from a trusted proxy)', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: op.username, password: op.password })
      .expect(200);
    expect(res.headers['set-cookie']?.[0]).toMatch(/; Secure/);
  });

  it('answers a wrong password and an unknown user the same 401, and stores no session', async () => {
    const before = (await sessionRows(t.db.pool, op.username)).length;
    const wrong = await login({ username: op.username, password: `${op.password}x` }).expect(401);
    const unknown = await login({ username: 'nobody-here', password: op.password }).expect(401);
    const malformed = await login({ username: 'no such user!', password: op.password }).expect(401);
    for (const res of [wrong, unknown, malformed]) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(unknown.body).toEqual(wrong.body);
    expect(malformed.body).toEqual(wrong.body);
    expect(wrong.body).toMatchObject({ status: 401, detail: 'wrong username or password' });
    expect((await sessionRows(t.db.pool, op.username)).length).toBe(before);
  });

  it('refuses a disabled account like a wrong password', async () => {
    const off = await insertTestOperator(t.db.pool);
    await t.db.pool.query('UPDATE operator_accounts SET disabled = true WHERE username = $1', [off.username]);
    const res = await login(off).expect(401);
    expect(res.body.detail).toBe('wrong username or password');
    expect(await sessionRows(t.db.pool, off.username)).toHaveLength(0);
  });

  it('takes JSON only: 415 for a form, 400 naming a missing field', async () => {
    const form = await request(t.app)
      .post('/api/v1/auth/login')
      .type('form')
      .send({ username: op.username, password: op.password })
      .expect(415);
    expect(form.headers['content-type']).toMatch(/^application\/problem\+json/);
    const missing = await login({ username: op.username }).expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'body.password' })]);
  });

  it('GET /api/v1/auth/session: 200 with the session by Bearer or cookie, else 401', async () => {
    const { token, cookie } = await signIn(t.app, op);
    const expected = {
      username: op.username,
      expiresAt: new Date(clock + 3600_000).toISOString(),
      authRequired: true,
    };
    const byBearer = await request(t.app)
      .get('/api/v1/auth/session')
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(byBearer.body).toEqual(expected);
    const byCookie = await request(t.app).get('/api/v1/auth/session').set('Cookie', cookie).expect(200);
    expect(byCookie.body).toEqual(expected);
    const none = await request(t.app).get('/api/v1/auth/session').expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('POST /api/v1/auth/logout: 204, the session row deleted, the cookie cleared, the token refused', async () => {
    const { token, cookie } = await signIn(t.app, op);
    await request(t.app).get('/api/v1/customers').set('Cookie', cookie).expect(200); // cached now
    const res = await request(t.app).post('/api/v1/auth/logout').set('Cookie', cookie).expect(204);
    expect(res.headers['set-cookie']?.[0]).toMatch(
      /^vt_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict/,
    );
    const { rows } = await t.db.pool.query('SELECT 1 FROM operator_sessions WHERE token_hash = $1', [
      hashSessionToken(token),
    ]);
    expect(rows).toHaveLength(0);
    await request(t.app).get('/api/v1/customers').set('Cookie', cookie).expect(401);
    await request(t.app).get('/api/v1/auth/session').auth(token, { type: 'bearer' }).expect(401);
    await request(t.app).post('/api/v1/auth/logout').expect(204); // no session: still 204
  });

  it('refuses a session once it has expired (also when it was cached), and one stored expired', async () => {
    const { token } = await signIn(t.app, op);
    await request(t.app).get('/api/v1/vehicles').auth(token, { type: 'bearer' }).expect(200);
    clock += 3600_000 - 1000;
    await request(t.app).get('/api/v1/vehicles').auth(token, { type: 'bearer' }).expect(200);
    clock += 1000;
    await request(t.app).get('/api/v1/vehicles').auth(token, { type: 'bearer' }).expect(401);
    await request(t.app).get('/api/v1/auth/session').auth(token, { type: 'bearer' }).expect(401);

    const stale = await signIn(t.app, op);
    await t.db.pool.query('UPDATE operator_sessions SET expires_at = $2 WHERE token_hash = $1', [
      hashSessionToken(stale.token),
      new Date(clock - 1),
    ]);
    await request(t.app).get('/api/v1/vehicles').auth(stale.token, { type: 'bearer' }).expect(401);
  });

  it('prunes expired sessions at the next sign-in', async () => {
    const { token } = await signIn(t.app, op);
    clock += 2 * 3600_000;
    await signIn(t.app, op);
    const { rows } = await t.db.pool.query('SELECT 1 FROM operator_sessions WHERE token_hash = $1', [
      hashSessionToken(token),
    ]);
    expect(rows).toHaveLength(0);
  });
});
