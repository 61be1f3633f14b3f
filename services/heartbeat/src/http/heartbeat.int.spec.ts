import request from 'supertest';
import { HeartbeatRecorded, streams } from '@vehicle-tracker/contracts';
import { createVehicle, randomVin } from '../test-support/builders';
import { startService, useService, admin, countEvents, streamEvents } from '../test-support/service';

const t = useService();

const post = (path: string) => request(t.svc.url).post(path);

describe('POST /api/v1/vehicles/{vin}/heartbeats', () => {
  it('answers 202 after commit with the event id, position and receive time, and stores both clocks', async () => {
    const v = await createVehicle(t.svc.url);
    const before = Date.now();
    const res = await post(`/api/v1/vehicles/${v.vin.toLowerCase()}/heartbeats`)
      .set(v.auth)
      .set('X-Request-Id', 'req-hb-1')
      .send({ sentAt: '2026-11-25T07:00:00.000+01:00', sequence: 7, firmware: '1.2.3' })
      .expect(202);
    expect(res.headers['x-request-id']).toBe('req-hb-1');
    expect(res.body).toMatchObject({
      eventId: expect.any(String),
      position: expect.any(Number),
      streamPosition: null,
    });
    expect(Date.parse(res.body.receivedAt)).toBeGreaterThanOrEqual(before - 5);
    const events = await streamEvents(t.db, streams.vehicle(v.vin));
    const stored = events.find((e) => e.eventId === res.body.eventId)!;
    expect(stored.globalPosition).toBe(res.body.position);
    const parsed = HeartbeatRecorded.parse({
      type: stored.type,
      data: stored.data,
      metadata: stored.metadata,
    });
    expect(parsed.data).toEqual({
      vin: v.vin,
      receivedAt: res.body.receivedAt,
      sentAt: '2026-11-25T07:00:00.000+01:00',
      sequence: 7,
      firmware: '1.2.3',
    });
    expect(stored.metadata).toMatchObject({ correlationId: 'req-hb-1', source: 'device' });
  });

  it('accepts an empty body', async () => {
    const v = await createVehicle(t.svc.url);
    const res = await post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth).expect(202);
    const events = await streamEvents(t.db, streams.vehicle(v.vin));
    expect(events.map((e) => e.type)).toEqual(['VehicleRegistered', 'HeartbeatRecorded']);
    expect(events[1]!.data).toEqual({ vin: v.vin, receivedAt: res.body.receivedAt });
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'Bearer not-the-token'],
    ['a malformed header', 'Basic abc'],
  ])('answers 401 to %s and writes nothing', async (_case, authorization) => {
    const v = await createVehicle(t.svc.url);
    const req = post(`/api/v1/vehicles/${v.vin}/heartbeats`);
    if (authorization) void req.set('Authorization', authorization);
    const res = await req.expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(await streamEvents(t.db, streams.vehicle(v.vin))).toHaveLength(1);
  });

  it("answers an unknown VIN with the same 401 as a wrong token (another vehicle's token)", async () => {
    const other = await createVehicle(t.svc.url);
    const vin = randomVin();
    const res = await post(`/api/v1/vehicles/${vin}/heartbeats`).set(other.auth).expect(401);
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(await streamEvents(t.db, streams.vehicle(vin))).toHaveLength(0);
  });

  it('refuses the token of a retired vehicle', async () => {
    const v = await createVehicle(t.svc.url);
    await post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth).expect(202);
    await post(`/api/v1/admin/vehicles/${v.vin}/retire`).set(admin).expect(200);
    await post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth).expect(401);
    expect((await streamEvents(t.db, streams.vehicle(v.vin))).map((e) => e.type)).toEqual([
      'VehicleRegistered',
      'HeartbeatRecorded',
      'VehicleRetired',
    ]);
  });

  describe('bad input: problem+json 4xx, nothing written', () => {
    let v: Awaited<ReturnType<typeof createVehicle>>;
    beforeAll(async () => {
      v = await createVehicle(t.svc.url);
    });
    afterEach(async () => {
      expect(await streamEvents(t.db, streams.vehicle(v.vin))).toHaveLength(1);
    });
    const hb = () => post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth);

    it.each(['YS2R4X2000539940I', 'SHORT', 'YS2R4X20005399401X', '%E0%A4%A'])(
      'malformed VIN %s: 400',
      async (vin) => {
        const res = await post(`/api/v1/vehicles/${vin}/heartbeats`).set(v.auth).expect(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.detail).toMatch(/VIN/);
      },
    );
    it('malformed JSON: 400', async () => {
      const res = await hb().set('Content-Type', 'application/json').send('{"sentAt": ').expect(400);
      expect(res.body.detail).toMatch(/not valid JSON/);
    });
    it('a sentAt that is not a date: 400 naming the field', async () => {
      const res = await hb().send({ sentAt: 'yesterday' }).expect(400);
      expect(res.body.errors[0].path).toBe('body.sentAt');
    });
    it('a negative sequence: 400', async () => {
      await hb().send({ sequence: -1 }).expect(400);
    });
    it('a JSON body that is not an object: 400', async () => {
      await hb().set('Content-Type', 'application/json').send('[1]').expect(400);
    });
    it('wrong content type: 415', async () => {
      const res = await hb().set('Content-Type', 'text/plain').send('hello').expect(415);
      expect(res.body.title).toBe('Unsupported Media Type');
    });
    it('oversized body: 413', async () => {
      const res = await hb()
        .send({ firmware: 'x'.repeat(20_000) })
        .expect(413);
      expect(res.body.status).toBe(413);
    });
  });
});

describe('legacy routes', () => {
  it('GET /heartbeat/ping answers pong', async () => {
    const res = await request(t.svc.url).get('/heartbeat/ping').expect(200);
    expect(res.body).toEqual({ message: 'pong' });
  });

  it('POST /heartbeat/{vin} answers 200 {entity_id} and records the heartbeat', async () => {
    const v = await createVehicle(t.svc.url);
    const res = await post(`/heartbeat/${v.vin}`).set(v.auth).expect(200);
    expect(Object.keys(res.body)).toEqual(['entity_id']);
    const events = await streamEvents(t.db, streams.vehicle(v.vin));
    expect(events[1]).toMatchObject({ eventId: res.body.entity_id, type: 'HeartbeatRecorded' });
    expect(events[1]!.metadata).toMatchObject({ source: 'legacy' });
  });

  it('requires the device token when auth is on', async () => {
    const v = await createVehicle(t.svc.url);
    await post(`/heartbeat/${v.vin}`).expect(401);
    expect(await streamEvents(t.db, streams.vehicle(v.vin))).toHaveLength(1);
  });

  it('answers 404 to other methods and paths through express', async () => {
    const res = await request(t.svc.url).get('/heartbeat/YS2R4X20005399401').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('HEARTBEAT_AUTH=off', () => {
  let open: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    open = await startService(t.db, { HEARTBEAT_AUTH: 'off' });
  });
  afterAll(async () => {
    await open.close();
  });

  it('accepts heartbeats without a token on both routes', async () => {
    const v = await createVehicle(t.svc.url);
    await request(open.url).post(`/heartbeat/${v.vin}`).expect(200);
    await request(open.url).post(`/api/v1/vehicles/${v.vin}/heartbeats`).expect(202);
    expect(await streamEvents(t.db, streams.vehicle(v.vin))).toHaveLength(3);
  });

  it('answers 404 for an unknown or retired vehicle', async () => {
    const unknown = randomVin();
    await request(open.url).post(`/heartbeat/${unknown}`).expect(404);
    const v = await createVehicle(t.svc.url);
    await post(`/api/v1/admin/vehicles/${v.vin}/retire`).set(admin).expect(200);
    const res = await request(open.url).post(`/api/v1/vehicles/${v.vin}/heartbeats`).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await streamEvents(t.db, streams.vehicle(unknown))).toHaveLength(0);
    expect(await streamEvents(t.db, streams.vehicle(v.vin))).toHaveLength(2);
  });
});

describe('rate limit', () => {
  let limited: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    limited = await startService(t.db, { HEARTBEAT_RATE_PER_MINUTE: '6', HEARTBEAT_RATE_BURST: '3' });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('answers a flooding vehicle 429 with Retry-After after its burst, and writes only what it accepted', async () => {
    const v = await createVehicle(t.svc.url);
    const hb = () => request(limited.url).post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth);
    for (let i = 0; i < 3; i++) await hb().expect(202);
    const res = await hb().expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(10);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await streamEvents(t.db, streams.vehicle(v.vin))).toHaveLength(4);
  });

  it('limits each vehicle on its own', async () => {
    const a = await createVehicle(t.svc.url);
    const b = await createVehicle(t.svc.url);
    for (let i = 0; i < 3; i++)
      await request(limited.url).post(`/heartbeat/${a.vin}`).set(a.auth).expect(200);
    await request(limited.url).post(`/heartbeat/${a.vin}`).set(a.auth).expect(429);
    await request(limited.url).post(`/heartbeat/${b.vin}`).set(b.auth).expect(200);
  });
});

describe('concurrency', () => {
  it('2,000 heartbeats from 50 concurrent clients: exactly 2,000 events, each with the id it was answered', async () => {
    const vehicles = await Promise.all(Array.from({ length: 10 }, () => createVehicle(t.svc.url)));
    const before = await countEvents(t.db, 'HeartbeatRecorded');
    const answered: { eventId: string; position: number; vin: string }[] = [];
    await Promise.all(
      Array.from({ length: 50 }, async (_, client) => {
        for (let i = 0; i < 40; i++) {
          const v = vehicles[(client + i) % vehicles.length]!;
          // fetch (keep-alive connections, like real clients) rather than a new connection per request.
          const res = await fetch(`${t.svc.url}/api/v1/vehicles/${v.vin}/heartbeats`, {
            method: 'POST',
            headers: { ...v.auth, 'Content-Type': 'application/json' },
            body: JSON.stringify({ sequence: i }),
          });
          expect(res.status).toBe(202);
          const body = (await res.json()) as { eventId: string; position: number };
          answered.push({ eventId: body.eventId, position: body.position, vin: v.vin });
        }
      }),
    );
    expect(await countEvents(t.db, 'HeartbeatRecorded')).toBe(before + 2000);
    const { rows } = await t.db.pool.query<{ event_id: string; global_position: number; vin: string }>(
      `SELECT event_id, global_position, data->>'vin' AS vin FROM events WHERE event_id = ANY($1::uuid[])`,
      [answered.map((a) => a.eventId)],
    );
    expect(rows).toHaveLength(2000);
    const stored = new Map(rows.map((r) => [r.event_id, r]));
    for (const a of answered)
      expect(stored.get(a.eventId)).toEqual({ event_id: a.eventId, global_position: a.position, vin: a.vin });
  });
});
