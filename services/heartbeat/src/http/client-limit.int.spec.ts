import request from 'supertest';
import { streams } from '@vehicle-tracker/contracts';
import { buildCustomer, createVehicle, randomVin } from '../test-support/builders';
import { fromAddress } from '../test-support/from-address';
import {
  admin,
  createTestDatabase,
  startService,
  streamEvents,
  type TestDatabase,
} from '../test-support/service';

// Three requests back to back per address, then one a minute: a fourth right away is refused for 60 s.
const LIMIT = { CLIENT_RATE_PER_MINUTE: '1', CLIENT_RATE_BURST: '3' };

let db: TestDatabase;
/** No per-address limit: sets up vehicles and gateways from 127.0.0.1. */
let setup: Awaited<ReturnType<typeof startService>>;
/** The limit on the socket's address; X-Forwarded-For not trusted. */
let direct: Awaited<ReturnType<typeof startService>>;
/** The limit behind a proxy on loopback: the client is X-Forwarded-For's last untrusted hop. */
let proxied: Awaited<ReturnType<typeof startService>>;

beforeAll(async () => {
  db = await createTestDatabase();
  setup = await startService(db);
  direct = await startService(db, LIMIT);
  proxied = await startService(db, { ...LIMIT, TRUST_PROXY: 'loopback' });
});
afterAll(async () => {
  for (const svc of [setup, direct, proxied]) await svc?.close();
  await db?.drop();
});

const heartbeat = (
  url: string,
  from: string,
  v: { vin: string; auth: Record<string, string> },
  headers = {},
) =>
  fromAddress(from, url, {
    path: `/api/v1/vehicles/${v.vin}/heartbeats`,
    headers: { ...v.auth, ...headers },
    body: { sequence: 1 },
  });

const heartbeatCount = async (vin: string) =>
  (await streamEvents(db, streams.vehicle(vin))).filter((e) => e.type === 'HeartbeatRecorded').length;

describe('per client address rate limit', () => {
  it('refuses the request after the burst with 429 + Retry-After, writes nothing, lets another address in', async () => {
    const v = await createVehicle(setup.url);
    for (let i = 0; i < 3; i++) expect((await heartbeat(direct.url, '127.0.0.2', v)).status).toBe(202);
    const refused = await heartbeat(direct.url, '127.0.0.2', v);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers.connection).toBe('close'); // it had a body, left unread
    expect(JSON.parse(refused.body)).toMatchObject({ status: 429, detail: expect.stringMatching(/address/) });
    expect(await heartbeatCount(v.vin)).toBe(3);
    // The same vehicle from another address: that address has its own bucket.
    expect((await heartbeat(direct.url, '127.0.0.3', v)).status).toBe(202);
    expect(await heartbeatCount(v.vin)).toBe(4);
  });

  it('counts requests that fail too: wrong tokens from one address use up its bucket', async () => {
    const v = await createVehicle(setup.url);
    const wrong = { vin: randomVin(), auth: { Authorization: 'Bearer guess' } };
    for (let i = 0; i < 3; i++) expect((await heartbeat(direct.url, '127.0.0.4', wrong)).status).toBe(401);
    expect((await heartbeat(direct.url, '127.0.0.4', v)).status).toBe(429);
    expect(await heartbeatCount(v.vin)).toBe(0);
  });

  it('limits the legacy route, gateway batches and the admin API, and writes nothing when refusing', async () => {
    const gw = await request(setup.url).post('/api/v1/admin/gateways').set(admin).send({ name: 'limit gw' });
    const v = await createVehicle(setup.url);
    const from = '127.0.0.5';
    const legacy = await fromAddress(from, direct.url, { path: `/heartbeat/${v.vin}`, headers: v.auth });
    expect(legacy.status).toBe(200);
    const batch = { heartbeats: [{ vin: v.vin }] };
    const gwAuth = { Authorization: `Bearer ${gw.body.token}` };
    expect(
      (await fromAddress(from, direct.url, { path: '/api/v1/heartbeats', headers: gwAuth, body: batch }))
        .status,
    ).toBe(200);
    const customer = buildCustomer();
    const adminGet = { method: 'GET', path: '/api/v1/admin/customers', headers: admin };
    expect((await fromAddress(from, direct.url, adminGet)).status).toBe(200);
    // The bucket is empty: each route answers 429 before authentication or parsing.
    const refused = await Promise.all([
      fromAddress(from, direct.url, { path: '/api/v1/heartbeats', headers: gwAuth, body: batch }),
      fromAddress(from, direct.url, { path: '/api/v1/admin/customers', headers: admin, body: customer }),
      fromAddress(from, direct.url, { path: '/api/v1/admin/fleet/import', headers: admin, body: {} }),
      fromAddress(from, direct.url, { path: '/api/v1/admin/customers', body: customer }),
    ]);
    expect(refused.map((r) => [r.status, r.headers['retry-after']])).toEqual(
      Array.from({ length: 4 }, () => [429, expect.stringMatching(/^\d+$/)]),
    );
    expect(refused[1]!.headers['cache-control']).toBe('no-store');
    expect(await heartbeatCount(v.vin)).toBe(2);
    const { rows } = await db.pool.query(`SELECT 1 FROM write_customers WHERE name = $1`, [customer.name]);
    expect(rows).toEqual([]);
    // Probes carry no input and stay open.
    for (const path of ['/heartbeat/ping', '/healthz'])
      expect((await fromAddress(from, direct.url, { method: 'GET', path })).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY trusts the sender', async () => {
    const v = await createVehicle(setup.url);
    for (let i = 0; i < 3; i++) {
      const res = await heartbeat(direct.url, '127.0.0.6', v, { 'X-Forwarded-For': `198.51.100.${i}` });
      expect(res.status).toBe(202);
    }
    const spoofed = await heartbeat(direct.url, '127.0.0.6', v, { 'X-Forwarded-For': '198.51.100.99' });
    expect(spoofed.status).toBe(429);
  });

  it('behind a trusted proxy, counts the forwarded client address, not the proxy or a spoofed hop', async () => {
    const v = await createVehicle(setup.url);
    const via = (xff: string) => heartbeat(proxied.url, '127.0.0.7', v, { 'X-Forwarded-For': xff });
    for (let i = 0; i < 3; i++) expect((await via('203.0.113.7')).status).toBe(202);
    expect((await via('203.0.113.7')).status).toBe(429);
    // What the client put in front of its address does not make it another client.
    expect((await via('192.0.2.1, 203.0.113.7')).status).toBe(429);
    // Another client through the same proxy is served.
    expect((await via('203.0.113.8')).status).toBe(202);
    expect(await heartbeatCount(v.vin)).toBe(4);
  });
});
