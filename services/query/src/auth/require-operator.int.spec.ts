import type http from 'node:http';
import request from 'supertest';
import { hashSessionToken } from '@vehicle-tracker/operator-auth';
import { insertCustomer, insertVehicle, type TestVehicle } from '../test-support/builders';
import { insertTestOperator, signIn, type TestOperator } from '../test-support/operators';
import { openStream, type SseReader } from '../test-support/sse-reader';
import { startTestApp, type TestApp } from '../test-support/test-app';

const OPEN = ['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json', '/search/ping'];

describe('operator sessions guard the read routes (OPERATOR_AUTH=on)', () => {
  let t: TestApp;
  let server: http.Server;
  let clock = Date.now();
  let op: TestOperator;
  let vehicle: TestVehicle;
  const readers: SseReader[] = [];

  beforeAll(async () => {
    t = await startTestApp({ now: () => new Date(clock), auth: { required: true }, keepaliveMs: 100 });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    op = await insertTestOperator(t.db.pool);
    const customer = await insertCustomer(t.db.pool);
    vehicle = await insertVehicle(t.db.pool, {
      customerId: customer.customerId,
      customerName: customer.name,
    });
  });
  afterEach(() => {
    for (const r of readers.splice(0)) r.close();
  });
  afterAll(async () => {
    await t.hub.stop();
    await new Promise((resolve) => server.close(resolve));
    await t.stop();
  });

  const protectedRoutes = () => [
    '/api/v1/vehicles',
    `/api/v1/vehicles/${vehicle.vin}`,
    `/api/v1/vehicles/${vehicle.vin}/history`,
    '/api/v1/customers',
    '/search',
  ];

  it('refuses every read route (and the stream) without a session: 401 problem+json, WWW-Authenticate: Bearer', async () => {
    for (const path of [...protectedRoutes(), '/api/v1/stream', '/api/v1/no-such-route']) {
      const res = await request(t.app).get(path).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('refuses bad credentials: a wrong or malformed token, another scheme, a wrong cookie', async () => {
    const { token } = await signIn(t.app, op);
    const attempts: Record<string, string>[] = [
      { Authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` },
      { Authorization: 'Bearer not-a-token' },
      { Authorization: `Basic ${token}` },
      { Cookie: `other=${token}` },
      { Cookie: 'vt_session=' },
    ];
    for (const headers of attempts) await request(t.app).get('/api/v1/customers').set(headers).expect(401);
  });

  it('keeps the open routes open', async () => {
    for (const path of OPEN) await request(t.app).get(path).expect(200);
    await request(t.app).get('/api/v1/auth/session').expect(401); // open route, answering "no session"
  });

  it('accepts the token as Bearer and as the vt_session cookie on every read route', async () => {
    const { token, cookie } = await signIn(t.app, op);
    for (const path of protectedRoutes()) {
      await request(t.app).get(path).auth(token, { type: 'bearer' }).expect(200);
      await request(t.app).get(path).set('Cookie', `theme=dark; ${cookie}; lang=sv`).expect(200);
    }
  });

  it('opens the event stream with the cookie (as EventSource sends it), refuses it without', async () => {
    const { cookie } = await signIn(t.app, op);
    const s = await openStream(server, '/api/v1/stream', { Cookie: cookie });
    readers.push(s);
    expect(s.response.statusCode).toBe(200);
    await s.next((m) => m.event === 'counts');
    const refused = await openStream(server, '/api/v1/stream');
    readers.push(refused);
    expect(refused.response.statusCode).toBe(401);
  });

  it('trusts a validated session from memory for at most 10 s: a revocation elsewhere lands by then', async () => {
    const { token } = await signIn(t.app, op);
    const get = () => request(t.app).get('/api/v1/customers').auth(token, { type: 'bearer' });
    await get().expect(200);
    // As another replica's sign-out would: the row goes, this replica's cache still has it.
    await t.db.pool.query('DELETE FROM operator_sessions WHERE token_hash = $1', [hashSessionToken(token)]);
    clock += 9_000;
    await get().expect(200);
    clock += 1_000;
    await get().expect(401);
  });

  it('ends sessions of a disabled account within the cache period', async () => {
    const other = await insertTestOperator(t.db.pool);
    const { token } = await signIn(t.app, other);
    await t.db.pool.query('UPDATE operator_accounts SET disabled = true WHERE username = $1', [
      other.username,
    ]);
    clock += 10_000;
    await request(t.app).get('/api/v1/customers').auth(token, { type: 'bearer' }).expect(401);
  });
});

describe('OPERATOR_AUTH=off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ auth: { required: false } });
  });
  afterAll(() => t.stop());

  it('opens every read route and says so on GET /api/v1/auth/session', async () => {
    for (const path of ['/api/v1/vehicles', '/api/v1/customers', '/search', ...OPEN])
      await request(t.app).get(path).expect(200);
    const res = await request(t.app).get('/api/v1/auth/session').expect(200);
    expect(res.body).toEqual({ username: null, expiresAt: null, authRequired: false });
  });

  it('still signs in an operator who asks (the dashboard skips it, scripts may not)', async () => {
    const op = await insertTestOperator(t.db.pool);
    await request(t.app).post('/api/v1/auth/login').send(op).expect(200);
  });
});
