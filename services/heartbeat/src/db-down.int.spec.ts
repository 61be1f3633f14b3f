import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createPool } from '@vehicle-tracker/db';
import { createVehicle } from './test-support/builders';
import { admin, createTestDatabase, startService, type TestDatabase } from './test-support/service';

/** A TCP proxy in front of the test database that can be cut (every connection dropped) and restored. */
async function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    url: () => Object.assign(new URL(target), { port: String(port) }).toString(),
    cut: async () => {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    restore: listen,
  };
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

it('answers 503 with Retry-After while the database is down, fails /readyz, and recovers by itself', async () => {
  const direct = await startService(db);
  const v = await createVehicle(direct.url);
  const gw = await request(direct.url).post('/api/v1/admin/gateways').set(admin).send({ name: 'gw' });
  await direct.close();

  const proxy = await startProxy(new URL(db.url));
  const pool = createPool(proxy.url(), { max: 4 });
  const svc = await startService({ url: proxy.url(), pool });
  try {
    const hb = () => request(svc.url).post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth);
    const gatewayBatch = () =>
      request(svc.url)
        .post('/api/v1/heartbeats')
        .set('Authorization', `Bearer ${gw.body.token}`)
        .send({ heartbeats: [{ vin: v.vin }, { vin: v.vin }] });
    await hb().expect(202);
    await gatewayBatch().expect(200); // the gateway and the vehicle are cached now: only the append can fail
    await request(svc.url).get('/readyz').expect(200);

    await proxy.cut();
    const down = await hb();
    expect(down.status).toBe(503);
    const batchDown = await gatewayBatch();
    expect(batchDown.status).toBe(503);
    expect(batchDown.headers['retry-after']).toMatch(/^\d+$/);
    expect(down.headers['retry-after']).toMatch(/^\d+$/);
    expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
    const admin503 = await request(svc.url).get(`/api/v1/admin/vehicles/${v.vin}`).set(admin);
    expect(admin503.status).toBe(503);
    expect(admin503.headers['retry-after']).toBeDefined();
    await request(svc.url).get('/readyz').expect(503);
    await request(svc.url).get('/healthz').expect(200);

    await proxy.restore();
    const deadline = Date.now() + 5000;
    let status = 0;
    while (status !== 202 && Date.now() < deadline) status = (await hb()).status;
    expect(status).toBe(202);
    await request(svc.url).get('/readyz').expect(200);
  } finally {
    await svc.close();
    await pool.end();
    await proxy.cut();
  }
});

it('answers 503 when the database was never reachable, without crashing', async () => {
  const pool = createPool('postgres://nobody@127.0.0.1:1/none', { max: 2 });
  const svc = await startService({ url: 'postgres://nobody@127.0.0.1:1/none', pool });
  try {
    const res = await request(svc.url)
      .post('/api/v1/vehicles/YS2R4X20005399401/heartbeats')
      .set('Authorization', 'Bearer x')
      .expect(503);
    expect(res.headers['retry-after']).toBeDefined();
    await request(svc.url).get('/readyz').expect(503);
  } finally {
    await svc.close();
    await pool.end();
  }
});
