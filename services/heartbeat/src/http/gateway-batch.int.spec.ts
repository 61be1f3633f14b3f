import request from 'supertest';
import { GatewayBatchResult, streams } from '@vehicle-tracker/contracts';
import { streamPosition } from '@vehicle-tracker/event-store';
import { createVehicle, randomVin } from '../test-support/builders';
import {
  admin,
  countEvents,
  createTestDatabase,
  startService,
  streamEvents,
  type TestDatabase,
} from '../test-support/service';

let db: TestDatabase;
let svc: Awaited<ReturnType<typeof startService>>;
let gateway: { gatewayId: string; auth: { Authorization: string } };
beforeAll(async () => {
  db = await createTestDatabase();
  svc = await startService(db);
  const res = await request(svc.url)
    .post('/api/v1/admin/gateways')
    .set(admin)
    .send({ name: 'gw' })
    .expect(201);
  gateway = { gatewayId: res.body.gatewayId, auth: { Authorization: `Bearer ${res.body.token}` } };
});
afterAll(async () => {
  await svc.close();
  await db.drop();
});

const batch = () => request(svc.url).post('/api/v1/heartbeats');

describe('POST /api/v1/heartbeats', () => {
  it('records a batch with per-item results in order; bad items are refused one by one', async () => {
    const a = await createVehicle(svc.url);
    const b = await createVehicle(svc.url);
    const unknown = randomVin();
    const res = await batch()
      .set(gateway.auth)
      .set('X-Request-Id', 'gw-req-1')
      .send({
        heartbeats: [
          { vin: a.vin, sentAt: '2026-11-25T07:00:00Z', sequence: 1 },
          { vin: b.vin.toLowerCase(), firmware: 'gw-2' },
          { vin: unknown },
          { vin: 'BAD' },
          { vin: a.vin, sentAt: 'not a date' },
          { vin: a.vin, sequence: 2 },
        ],
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(GatewayBatchResult.parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ accepted: 3, rejected: 3 });
    expect(res.body.results.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([
      [0, 202],
      [1, 202],
      [2, 404],
      [3, 400],
      [4, 400],
      [5, 202],
    ]);
    const aEvents = await streamEvents(db, streams.vehicle(a.vin));
    expect(aEvents.slice(1).map((e) => e.eventId)).toEqual([
      res.body.results[0].eventId,
      res.body.results[5].eventId,
    ]);
    expect(aEvents[1]!.data).toEqual({
      vin: a.vin,
      receivedAt: res.body.results[0].receivedAt,
      sentAt: '2026-11-25T07:00:00Z',
      sequence: 1,
      gatewayId: gateway.gatewayId,
    });
    expect(aEvents[1]!.metadata).toMatchObject({ source: 'gateway', correlationId: 'gw-req-1' });
    expect((await streamEvents(db, streams.vehicle(b.vin)))[1]!.data).toMatchObject({ firmware: 'gw-2' });
    expect(await streamEvents(db, streams.vehicle(unknown))).toHaveLength(0);
  });

  it('accepts escaped text that PostgreSQL can store (\\u00e4, a surrogate pair, an escaped backslash)', async () => {
    const v = await createVehicle(svc.url);
    const res = await batch()
      .set(gateway.auth)
      .set('Content-Type', 'application/json')
      .send(`{"heartbeats": [{"vin": "${v.vin}", "firmware": "\\u00e4 \\uD83D\\uDE00 \\\\u0000"}]}`)
      .expect(200);
    expect(res.body.accepted).toBe(1);
    const [, stored] = await streamEvents(db, streams.vehicle(v.vin));
    expect(stored!.data).toMatchObject({ firmware: 'ä 😀 \\u0000' });
  });

  it('accepts 1000 heartbeats in one request', async () => {
    const vehicles = await Promise.all(Array.from({ length: 5 }, () => createVehicle(svc.url)));
    const before = await countEvents(db, 'HeartbeatRecorded');
    const heartbeats = Array.from({ length: 1000 }, (_, i) => ({ vin: vehicles[i % 5]!.vin, sequence: i }));
    const res = await batch().set(gateway.auth).send({ heartbeats }).expect(200);
    expect(res.body.accepted).toBe(1000);
    expect(await countEvents(db, 'HeartbeatRecorded')).toBe(before + 1000);
  });

  describe('refused as a whole, nothing written', () => {
    let before: number;
    let vin: string;
    beforeAll(async () => {
      vin = (await createVehicle(svc.url)).vin;
    });
    beforeEach(async () => {
      before = await countEvents(db);
    });
    afterEach(async () => {
      expect(await countEvents(db)).toBe(before);
    });

    it('no or a wrong gateway token: 401 (a device token is no gateway token)', async () => {
      const v = await createVehicle(svc.url);
      before = await countEvents(db);
      await batch()
        .send({ heartbeats: [{ vin }] })
        .expect(401);
      await batch()
        .set('Authorization', 'Bearer nope')
        .send({ heartbeats: [{ vin }] })
        .expect(401);
      await batch()
        .set(v.auth)
        .send({ heartbeats: [{ vin: v.vin }] })
        .expect(401);
    });
    it('over 1000 items: 400', async () => {
      const res = await batch()
        .set(gateway.auth)
        .send({ heartbeats: Array.from({ length: 1001 }, () => ({ vin })) })
        .expect(400);
      expect(res.body.detail).toMatch(/at most 1000/);
    });
    it('an empty batch or no heartbeats array: 400', async () => {
      await batch().set(gateway.auth).send({ heartbeats: [] }).expect(400);
      await batch().set(gateway.auth).send({ vin }).expect(400);
    });
    it.each([
      ['a NUL', '"a\\u0000b"'],
      ['a lone surrogate', '"a\\uD800b"'],
    ])('text with %s anywhere in the batch: 400 naming the item', async (_case, firmware) => {
      const res = await batch()
        .set(gateway.auth)
        .set('Content-Type', 'application/json')
        .send(`{"heartbeats": [{"vin": "${vin}"}, {"vin": "${vin}", "firmware": ${firmware}}]}`)
        .expect(400);
      expect(res.body.detail).toMatch(/^body\.heartbeats\[1\]\.firmware: /);
    });
    it('malformed JSON: 400; wrong content type: 415; too large: 413', async () => {
      await batch()
        .set(gateway.auth)
        .set('Content-Type', 'application/json')
        .send('{"heartbeats": [')
        .expect(400);
      await batch().set(gateway.auth).set('Content-Type', 'text/csv').send('vin\nX').expect(415);
      const res = await batch()
        .set(gateway.auth)
        .send({ heartbeats: [{ vin, firmware: 'x'.repeat(2 << 20) }] })
        .expect(413);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });

  it("leaves the vehicle's stream position to the registry: heartbeats take none", async () => {
    const v = await createVehicle(svc.url);
    const res = await batch()
      .set(gateway.auth)
      .send({ heartbeats: [{ vin: v.vin }, { vin: v.vin }] })
      .expect(200);
    expect(res.body.results.map((r: { streamPosition: unknown }) => r.streamPosition)).toEqual([null, null]);
    expect(await streamPosition(db.pool, streams.vehicle(v.vin))).toBe(1);
    // A registry command decided on position 1 before the heartbeats still applies, as position 2.
    await request(svc.url).post(`/api/v1/admin/vehicles/${v.vin}/retire`).set(admin).expect(200);
    const events = await streamEvents(db, streams.vehicle(v.vin));
    expect(events.map((e) => [e.type, e.streamPosition])).toEqual([
      ['VehicleRegistered', 1],
      ['HeartbeatRecorded', null],
      ['HeartbeatRecorded', null],
      ['VehicleRetired', 2],
    ]);
  });

  it("refuses items beyond a vehicle's rate limit with 429 and writes only the accepted ones", async () => {
    const limited = await startService(db, { HEARTBEAT_RATE_PER_MINUTE: '6', HEARTBEAT_RATE_BURST: '2' });
    try {
      const v = await createVehicle(svc.url);
      const res = await request(limited.url)
        .post('/api/v1/heartbeats')
        .set(gateway.auth)
        .send({ heartbeats: [1, 2, 3, 4].map((sequence) => ({ vin: v.vin, sequence })) })
        .expect(200);
      expect(res.body).toMatchObject({ accepted: 2, rejected: 2 });
      expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([202, 202, 429, 429]);
      expect(res.body.results[2]).toMatchObject({ vin: v.vin, title: 'Too Many Requests' });
      const stored = await streamEvents(db, streams.vehicle(v.vin));
      expect(stored.slice(1).map((e) => (e.data as { sequence: number }).sequence)).toEqual([1, 2]);
    } finally {
      await limited.close();
    }
  });

  it('stops accepting a rotated gateway token', async () => {
    const v = await createVehicle(svc.url);
    const gw = await request(svc.url)
      .post('/api/v1/admin/gateways')
      .set(admin)
      .send({ name: 'rot' })
      .expect(201);
    const old = { Authorization: `Bearer ${gw.body.token}` };
    await batch()
      .set(old)
      .send({ heartbeats: [{ vin: v.vin }] })
      .expect(200);
    const rotated = await request(svc.url)
      .post(`/api/v1/admin/gateways/${gw.body.gatewayId}/token`)
      .set(admin)
      .expect(200);
    await batch()
      .set(old)
      .send({ heartbeats: [{ vin: v.vin }] })
      .expect(401);
    await batch()
      .set('Authorization', `Bearer ${rotated.body.token}`)
      .send({ heartbeats: [{ vin: v.vin }] })
      .expect(200);
  });
});
