import request from 'supertest';
import { fuzzService, param, sizes, timeoutMs, type RouteSpec } from '@vehicle-tracker/fault-suite';
import { insertStatusChange, online, offline, randomVin } from './test-support/builders';
import { insertSeedFleet } from './test-support/seed-fleet';
import { startTestApp, type TestApp } from './test-support/test-app';

/**
 * Every route of the query service under random and hostile input: paths, methods, headers (Last-Event-ID,
 * cookies, bearer tokens), query strings (wrong types, huge values, unicode, SQL, prototype keys, repeated keys),
 * bodies for the sign-in routes, malformed framing. No 5xx, no crash, nothing written, same answers afterwards.
 */
let t: TestApp;
let seeded: Awaited<ReturnType<typeof insertSeedFleet>>;

beforeAll(async () => {
  t = await startTestApp();
  const now = new Date();
  seeded = await insertSeedFleet(t.db.pool, {
    YS2R4X20005399401: online(now),
    VLUR4X20009093588: offline(now),
  });
  const customerId = Object.values(seeded.customers)[0]!;
  for (let i = 0; i < 3; i++)
    await insertStatusChange(t.db.pool, { vin: 'YS2R4X20005399401', customerId, status: 'online', at: now });
});
afterAll(() => t.stop());

/** Instants at the edges of what PostgreSQL and JavaScript dates hold, and almost-dates. */
const iso = () =>
  param(
    ...[
      new Date().toISOString(),
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00+14:00',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
      '2024-02-30T00:00:00Z',
      '1970-01-01T00:00:00.000000001Z',
      '2026-13-01T00:00:00Z',
    ].map(encodeURIComponent),
  );

function routes(): RouteSpec[] {
  const customerIds = Object.values(seeded.customers);
  const vins = seeded.vehicles.map((v) => v.vin);
  const vin = param(...vins, vins[0]!.toLowerCase(), randomVin());
  const api = ['', 'api', 'v1'];
  return [
    {
      method: 'GET',
      weight: 15, // eight parameters, text search, as-of: the most to get wrong
      path: [...api, 'vehicles'],
      query: {
        q: param('kalles', 'ABC', '%25', '_', "'"),
        customerId: param(...customerIds),
        status: param('online', 'offline'),
        sort: param('vin', 'regNo', 'customer', 'status', 'lastSeen'),
        order: param('asc', 'desc'),
        page: param('1', '2', '1000000', '0', '-1', '1e3', '9007199254740993'),
        pageSize: param('1', '50', '200', '201'),
        asOf: iso(),
      },
    },
    { method: 'GET', path: [...api, 'vehicles', vin] },
    {
      method: 'GET',
      weight: 8,
      path: [...api, 'vehicles', vin, 'history'],
      query: { from: iso(), to: iso() },
    },
    { method: 'GET', path: [...api, 'customers'] },
    {
      method: 'GET',
      path: [...api, 'stream'],
      query: { customerId: param(...customerIds), lastEventId: param('0', '1', '2', '999999999999999999') },
      headers: {
        'Last-Event-ID': param('0', '1', '-1', 'abc', '99999999999999999999', '1 OR 1=1'),
      },
    },
    {
      method: 'GET',
      path: ['', 'search'],
      query: { customer_name: param('Kalles', '%', '_'), online: param('true', 'false') },
    },
    { method: 'GET', path: ['', 'search', 'ping'] },
    { method: 'GET', path: [...api, 'openapi.json'] },
    { method: 'GET', path: ['', param('healthz', 'readyz', 'metrics')] },
    {
      method: 'POST',
      path: [...api, 'auth', 'login'],
      body: { username: 'operator', password: 'not the password at all' },
      weight: 1, // one scrypt per request, on purpose
    },
    {
      method: 'GET',
      path: [...api, 'auth', 'session'],
      headers: { Cookie: param('vt_session=x', 'vt_session=') },
    },
    { method: 'POST', path: [...api, 'auth', 'logout'], auth: ['Bearer not-a-session'] },
  ];
}

async function snapshot() {
  const list = await request(t.app).get('/api/v1/vehicles?pageSize=200').expect(200);
  const customers = await request(t.app).get('/api/v1/customers').expect(200);
  const { rows } = await t.db.pool.query('SELECT (SELECT count(*) FROM events)::int AS events');
  return { list: list.body, customers: customers.body, events: rows[0].events };
}

it('refuses text PostgreSQL cannot store (NUL, an unpaired surrogate) with 400, in the query and in bodies', async () => {
  for (const path of ['/api/v1/vehicles?q=a%00b', '/api/v1/vehicles?q=%00', '/search?customer_name=%00']) {
    const res = await request(t.app).get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 400 });
  }
  const login = await request(t.app)
    .post('/api/v1/auth/login')
    .set('Content-Type', 'application/json')
    .send('{"username":"op\\u0000","password":"a long enough password"}');
  expect(login.status).toBe(400);
});

fuzzService({
  title: 'fuzz: query service',
  promise: 'answers any request without a 5xx, writes nothing, and answers the same afterwards',
  target: () => t.app,
  routes,
  requests: sizes.fuzzRequests,
  timeoutMs: timeoutMs(120_000, 900_000),
  before: snapshot,
  after: async (_result, before) => expect(await snapshot()).toEqual(before),
});
