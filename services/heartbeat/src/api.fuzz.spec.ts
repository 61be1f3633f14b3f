import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { fuzzService, param, sizes, timeoutMs, type RouteSpec } from '@vehicle-tracker/fault-suite';
import {
  buildCustomer,
  createCustomer,
  createVehicle,
  randomRegNo,
  randomVin,
} from './test-support/builders';
import { ADMIN_TOKEN, admin, countEvents, useService } from './test-support/service';

/**
 * Every route of the heartbeat service under random and hostile input: paths, methods, headers, bodies (malformed
 * JSON, deep nesting, huge strings, wrong types, unicode, SQL, prototype-pollution keys), malformed framing. No
 * 5xx, no crash, nothing written by a request that was refused, and the service still works afterwards.
 */
const t = useService();

async function fixtures(url: string) {
  const customer = await createCustomer(url);
  const device = await createVehicle(url, { customerId: customer.customerId }); // fuzzed on the device routes
  const managed = await createVehicle(url, { customerId: customer.customerId }); // fuzzed on the admin routes
  const gateway = await request(url)
    .post('/api/v1/admin/gateways')
    .set(admin)
    .send({ name: 'Fuzz gw' })
    .expect(201);
  const other = await request(url)
    .post('/api/v1/admin/gateways')
    .set(admin)
    .send({ name: 'Fuzz gw 2' })
    .expect(201);
  return { customer, device, managed, gateway: gateway.body, other: other.body };
}

function routes(f: Awaited<ReturnType<typeof fixtures>>): RouteSpec[] {
  const adminAuth = [`Bearer ${ADMIN_TOKEN}`];
  const deviceVin = param(f.device.vin, f.device.vin.toLowerCase(), randomVin());
  const heartbeat = { sentAt: new Date().toISOString(), sequence: 1, firmware: '1.0.0' };
  const vin = param(f.managed.vin, randomVin());
  const customerId = param(f.customer.customerId, randomUUID());
  const gatewayId = param(f.other.gatewayId, randomUUID());
  const base = ['', 'api', 'v1', 'admin'];
  return [
    {
      method: 'POST',
      path: ['', 'api', 'v1', 'vehicles', deviceVin, 'heartbeats'],
      body: heartbeat,
      auth: [`Bearer ${f.device.token}`],
    },
    {
      method: 'POST',
      path: ['', 'heartbeat', deviceVin],
      body: heartbeat,
      auth: [`Bearer ${f.device.token}`],
    },
    { method: 'GET', path: ['', 'heartbeat', 'ping'] },
    {
      method: 'POST',
      path: ['', 'api', 'v1', 'heartbeats'],
      body: { heartbeats: [{ vin: f.device.vin, ...heartbeat }, { vin: randomVin() }, 'x'] },
      auth: [`Bearer ${f.gateway.token}`],
    },
    { method: 'GET', path: ['', param('healthz', 'readyz', 'metrics')] },
    { method: 'POST', path: [...base, 'customers'], body: buildCustomer(), auth: adminAuth },
    { method: 'GET', path: [...base, 'customers'], auth: adminAuth },
    { method: 'GET', path: [...base, 'customers', customerId], auth: adminAuth },
    {
      method: 'PATCH',
      path: [...base, 'customers', customerId],
      body: { name: `Renamed ${Date.now()}` },
      auth: adminAuth,
    },
    {
      method: 'PUT',
      path: [...base, 'customers', customerId, 'offline-timeout'],
      body: { timeoutSeconds: 90 },
      auth: adminAuth,
    },
    {
      method: 'POST',
      path: [...base, 'vehicles'],
      body: { vin: randomVin(), regNo: randomRegNo(), customerId: f.customer.customerId },
      auth: adminAuth,
    },
    {
      method: 'GET',
      path: [...base, 'vehicles'],
      query: {
        customerId: param(f.customer.customerId),
        after: param(f.managed.vin),
        limit: param('1', '50', '1000'),
      },
      auth: adminAuth,
    },
    { method: 'GET', path: [...base, 'vehicles', vin], auth: adminAuth },
    {
      method: 'POST',
      path: [...base, 'vehicles', vin, 'transfer'],
      body: { customerId: f.customer.customerId },
      auth: adminAuth,
    },
    {
      method: 'POST',
      path: [...base, 'vehicles', vin, 'retire'],
      body: { reason: 'scrapped' },
      auth: adminAuth,
    },
    { method: 'POST', path: [...base, 'vehicles', vin, 'token'], auth: adminAuth },
    {
      method: 'PUT',
      path: [...base, 'vehicles', vin, 'offline-timeout'],
      body: { timeoutSeconds: null },
      auth: adminAuth,
    },
    { method: 'POST', path: [...base, 'gateways'], body: { name: 'Gateway' }, auth: adminAuth },
    { method: 'GET', path: [...base, 'gateways', gatewayId], auth: adminAuth },
    { method: 'POST', path: [...base, 'gateways', gatewayId, 'token'], auth: adminAuth },
    {
      method: 'POST',
      path: [...base, 'fleet', 'import'],
      body: {
        customers: [
          {
            name: `Import ${Date.now()}`,
            address: 'A 1',
            vehicles: [{ vin: randomVin(), regNo: randomRegNo() }],
          },
        ],
      },
      auth: adminAuth,
    },
    {
      method: 'POST',
      path: [...base, 'operators'],
      body: { username: 'fuzz-operator', password: 'a long enough password' },
      auth: adminAuth,
      weight: 1, // scrypt: ~100 ms of CPU per valid request
    },
    { method: 'GET', path: [...base, 'operators'], auth: adminAuth },
    {
      method: 'PUT',
      path: [...base, 'operators', param('fuzz-operator'), 'password'],
      body: { password: 'another long password' },
      auth: adminAuth,
      weight: 1,
    },
    { method: 'DELETE', path: [...base, 'operators', param('fuzz-operator')], auth: adminAuth },
  ];
}

fuzzService({
  title: 'fuzz: heartbeat service',
  promise: 'answers any request without a 5xx, writes nothing for a refused one, and still works afterwards',
  target: () => t.svc.server,
  routes: async () => routes(await fixtures(t.svc.url)),
  requests: sizes.fuzzRequests,
  timeoutMs: timeoutMs(120_000, 900_000),
  before: async () => {
    const { rows } = await t.db.pool.query('SELECT coalesce(max(global_position), 0)::int AS at FROM events');
    return rows[0].at as number;
  },
  after: async (result, before, figures) => {
    // Only requests answered 2xx wrote events (each event carries its request's id).
    const { rows: written } = await t.db.pool.query<{ id: string | null; n: number }>(
      `SELECT metadata->>'correlationId' AS id, count(*)::int AS n FROM events WHERE global_position > $1 GROUP BY 1`,
      [before],
    );
    const strays = written.filter((w) => !w.id || !result.accepted.has(w.id));
    figures.add(
      'events written by accepted requests',
      written.reduce((n, w) => n + w.n, 0),
    );
    expect(strays).toEqual([]);

    // And it still does its job.
    const v = await createVehicle(t.svc.url);
    const hb = await request(t.svc.url)
      .post(`/api/v1/vehicles/${v.vin}/heartbeats`)
      .set(v.auth)
      .send({})
      .expect(202);
    const { rows: stored } = await t.db.pool.query('SELECT 1 FROM events WHERE event_id = $1', [
      hb.body.eventId,
    ]);
    expect(stored).toHaveLength(1);
    await request(t.svc.url).get('/heartbeat/ping').expect(200, { message: 'pong' });
    expect(await countEvents(t.db)).toBeGreaterThan(0);
  },
});

it('refuses text PostgreSQL cannot store (NUL, an unpaired surrogate) with 400 on every JSON route, writing nothing', async () => {
  const v = await createVehicle(t.svc.url);
  const gateway = await request(t.svc.url).post('/api/v1/admin/gateways').set(admin).send({ name: 'gw' });
  const before = await countEvents(t.db);
  const cases: [string, Record<string, string>, string][] = [
    [`/api/v1/vehicles/${v.vin}/heartbeats`, v.auth, '{"firmware":"1.0\\u0000"}'],
    [`/heartbeat/${v.vin}`, v.auth, '{"firmware":"\\ud800"}'],
    ['/api/v1/admin/customers', admin, '{"name":"Null\\u0000 AB"}'],
    ['/api/v1/admin/customers', admin, '{"name":"Half \\udc00 AB"}'],
    [`/api/v1/admin/vehicles/${v.vin}/retire`, admin, '{"reason":"\\u0000"}'],
    [
      '/api/v1/heartbeats',
      { Authorization: `Bearer ${gateway.body.token}` },
      `{"heartbeats":[{"vin":"${v.vin}","firmware":"\\u0000"}]}`,
    ],
    ['/api/v1/admin/fleet/import', admin, '{"customers":[{"name":"\\ud83d","vehicles":[]}]}'],
  ];
  // The device heartbeats go in the same group-commit window as a valid one, which must still commit.
  const neighbour = request(t.svc.url)
    .post(`/api/v1/vehicles/${v.vin}/heartbeats`)
    .set(v.auth)
    .send({ sequence: 1 });
  const answers = await Promise.all(
    cases.map(([path, headers, body]) =>
      request(t.svc.url).post(path).set(headers).set('Content-Type', 'application/json').send(body),
    ),
  );
  expect((await neighbour).status).toBe(202);
  for (const res of answers) {
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/cannot be stored/);
  }
  expect(await countEvents(t.db)).toBe(before + 1);
});
