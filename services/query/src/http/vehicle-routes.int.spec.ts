import request from 'supertest';
import {
  insertCustomer,
  insertHeartbeatHour,
  insertInterval,
  insertVehicle,
  randomVin,
  type TestCustomer,
} from '../test-support/builders';
import { startTestApp, type TestApp } from '../test-support/test-app';

let now = new Date('2026-11-25T12:00:00.000Z');

describe('GET /api/v1/vehicles/{vin} and its history', () => {
  let t: TestApp;
  let customer: TestCustomer;

  beforeAll(async () => {
    t = await startTestApp({ now: () => now });
    customer = await insertCustomer(t.db.pool);
  });
  afterAll(() => t.stop());
  beforeEach(() => {
    now = new Date('2026-11-25T12:00:00.000Z');
  });

  const vehicle = (overrides = {}) =>
    insertVehicle(t.db.pool, { customerId: customer.customerId, customerName: customer.name, ...overrides });

  describe('the vehicle', () => {
    it('answers its detail, lower-case VIN accepted', async () => {
      const seen = new Date('2026-11-25T11:59:30.000Z');
      const v = await vehicle({
        status: 'online',
        lastHeartbeatAt: seen,
        statusSince: new Date('2026-11-25T10:00:00.000Z'),
        heartbeatCount: 42,
        timeoutSeconds: 90,
      });
      const res = await request(t.app).get(`/api/v1/vehicles/${v.vin.toLowerCase()}`).expect(200);
      expect(res.body).toEqual({
        vin: v.vin,
        regNo: v.regNo,
        customer: { id: customer.customerId, name: customer.name, address: customer.address },
        status: 'online',
        lastSeenAt: '2026-11-25T11:59:30.000Z',
        statusSince: '2026-11-25T10:00:00.000Z',
        heartbeatCount: 42,
        offlineTimeoutSeconds: 90,
        registeredAt: '2026-01-01T00:00:00.000Z',
        retiredAt: null,
      });
    });

    it('answers a retired vehicle with its retirement', async () => {
      const v = await vehicle({ retiredAt: new Date('2026-06-01T00:00:00.000Z') });
      const res = await request(t.app).get(`/api/v1/vehicles/${v.vin}`).expect(200);
      expect(res.body).toMatchObject({ retiredAt: '2026-06-01T00:00:00.000Z', status: 'never-seen' });
    });

    it('answers 404 problem+json for an unknown VIN', async () => {
      const res = await request(t.app).get(`/api/v1/vehicles/${randomVin()}`).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
    });

    it.each(['SHORT', 'YS2R4X2000539940I', 'YS2R4X20005399401X'])(
      'answers 400 naming the VIN for %s',
      async (vin) => {
        const res = await request(t.app).get(`/api/v1/vehicles/${vin}`).expect(400);
        expect(res.body.errors[0].path).toBe('path.vin');
      },
    );
  });

  describe('the history', () => {
    /** never-seen 00:00-01:00, online 01:00-03:00, offline 03:00-04:00, online since 04:00 (open). */
    async function withHistory(overrides = {}) {
      const v = await vehicle({
        status: 'online',
        lastHeartbeatAt: new Date('2026-11-25T11:59:50.000Z'),
        statusSince: new Date('2026-11-25T04:00:00.000Z'),
        ...overrides,
      });
      await insertInterval(t.db.pool, {
        vin: v.vin,
        status: 'never-seen',
        startedAt: '2026-11-25T00:00:00Z',
        endedAt: '2026-11-25T01:00:00Z',
      });
      await insertInterval(t.db.pool, {
        vin: v.vin,
        status: 'online',
        startedAt: '2026-11-25T01:00:00Z',
        endedAt: '2026-11-25T03:00:00Z',
      });
      await insertInterval(t.db.pool, {
        vin: v.vin,
        status: 'offline',
        startedAt: '2026-11-25T03:00:00Z',
        endedAt: '2026-11-25T04:00:00Z',
      });
      await insertInterval(t.db.pool, {
        vin: v.vin,
        status: 'online',
        startedAt: '2026-11-25T04:00:00Z',
        endedAt: null,
      });
      await insertHeartbeatHour(t.db.pool, { vin: v.vin, hour: '2026-11-25T01:00:00Z', count: 60 });
      await insertHeartbeatHour(t.db.pool, { vin: v.vin, hour: '2026-11-25T02:00:00Z', count: 58 });
      await insertHeartbeatHour(t.db.pool, { vin: v.vin, hour: '2026-11-25T05:00:00Z', count: 61 });
      return v;
    }

    it('clips the intervals to the range and computes uptime and heartbeats per hour', async () => {
      const v = await withHistory();
      const res = await request(t.app)
        .get(`/api/v1/vehicles/${v.vin}/history`)
        .query({ from: '2026-11-25T02:00:00Z', to: '2026-11-25T06:00:00Z' })
        .expect(200);
      expect(res.body).toEqual({
        vin: v.vin,
        from: '2026-11-25T02:00:00.000Z',
        to: '2026-11-25T06:00:00.000Z',
        intervals: [
          { status: 'online', from: '2026-11-25T02:00:00.000Z', to: '2026-11-25T03:00:00.000Z' },
          { status: 'offline', from: '2026-11-25T03:00:00.000Z', to: '2026-11-25T04:00:00.000Z' },
          { status: 'online', from: '2026-11-25T04:00:00.000Z', to: '2026-11-25T06:00:00.000Z' },
        ],
        uptimeShare: 0.75,
        heartbeatsPerHour: [
          { hour: '2026-11-25T02:00:00.000Z', count: 58 },
          { hour: '2026-11-25T05:00:00.000Z', count: 61 },
        ],
      });
    });

    it('defaults to the last 24 hours; an open interval reaching now stays open; uptime up to now', async () => {
      const v = await withHistory();
      const res = await request(t.app).get(`/api/v1/vehicles/${v.vin}/history`).expect(200);
      expect(res.body.from).toBe('2026-11-24T12:00:00.000Z');
      expect(res.body.to).toBe('2026-11-25T12:00:00.000Z');
      expect(res.body.intervals.at(-1)).toEqual({
        status: 'online',
        from: '2026-11-25T04:00:00.000Z',
        to: null,
      });
      const future = await request(t.app)
        .get(`/api/v1/vehicles/${v.vin}/history`)
        .query({ from: '2026-11-25T00:00:00Z', to: '2026-11-26T00:00:00Z' })
        .expect(200);
      expect(future.body.intervals.at(-1)).toEqual({
        status: 'online',
        from: '2026-11-25T04:00:00.000Z',
        to: null,
      });
      // Online 01-03 and 04-12 of the 12 hours up to now.
      expect(future.body.uptimeShare).toBeCloseTo(10 / 12, 10);
    });

    it('ends an open online interval at its deadline when the projector has not yet', async () => {
      const v = await withHistory({ lastHeartbeatAt: new Date('2026-11-25T10:00:00.000Z') }); // offline at 10:01
      const res = await request(t.app)
        .get(`/api/v1/vehicles/${v.vin}/history`)
        .query({ from: '2026-11-25T00:00:00Z', to: '2026-11-26T00:00:00Z' })
        .expect(200);
      expect(res.body.intervals.slice(-2)).toEqual([
        { status: 'online', from: '2026-11-25T04:00:00.000Z', to: '2026-11-25T10:01:00.000Z' },
        { status: 'offline', from: '2026-11-25T10:01:00.000Z', to: null },
      ]);
      const onlineMs = 2 * 3_600_000 + (6 * 3_600_000 + 60_000);
      expect(res.body.uptimeShare).toBeCloseTo(onlineMs / (12 * 3_600_000), 10);
    });

    it('answers an empty history for a range before registration', async () => {
      const v = await withHistory();
      const res = await request(t.app)
        .get(`/api/v1/vehicles/${v.vin}/history`)
        .query({ from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' })
        .expect(200);
      expect(res.body).toMatchObject({ intervals: [], uptimeShare: 0, heartbeatsPerHour: [] });
    });

    it.each([
      [{ from: '2026-11-25T06:00:00Z', to: '2026-11-25T02:00:00Z' }, 'query.from'],
      [{ from: '2026-11-25T06:00:00Z', to: '2026-11-25T06:00:00Z' }, 'query.from'],
      [{ from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'query.to'],
      [{ from: 'last week' }, 'query.from'],
      [{ to: '2026-13-01T00:00:00Z' }, 'query.to'],
    ])('answers 400 for %j naming %s', async (query, path) => {
      const v = await withHistory();
      const res = await request(t.app).get(`/api/v1/vehicles/${v.vin}/history`).query(query).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    });

    it('answers 404 for an unknown VIN and 400 for a malformed one', async () => {
      await request(t.app).get(`/api/v1/vehicles/${randomVin()}/history`).expect(404);
      const res = await request(t.app).get('/api/v1/vehicles/nope/history').expect(400);
      expect(res.body.errors[0].path).toBe('path.vin');
    });
  });
});
