import request from 'supertest';
import { insertCustomer, insertVehicle, offline, online, type TestVehicle } from '../test-support/builders';
import { startTestApp, type TestApp } from '../test-support/test-app';

const NOW = new Date('2026-11-25T12:00:00.000Z');

describe('GET /api/v1/vehicles', () => {
  let t: TestApp;
  let acme: { customerId: string; name: string };
  let other: { customerId: string; name: string };
  let fleet: TestVehicle[];

  beforeAll(async () => {
    t = await startTestApp({ now: () => NOW });
    acme = await insertCustomer(t.db.pool, { name: 'Acme Åkeri AB' });
    other = await insertCustomer(t.db.pool, { name: 'Haralds Värdetransporter AB' });
    fleet = [
      await insertVehicle(t.db.pool, {
        ...acme,
        customerName: acme.name,
        vin: 'AAAAAAAAAAAAAAAA1',
        regNo: 'ZZZ001',
        ...online(NOW, 5),
      }),
      await insertVehicle(t.db.pool, {
        ...acme,
        customerName: acme.name,
        vin: 'AAAAAAAAAAAAAAAA2',
        regNo: 'YYY002',
        ...offline(NOW, 600),
      }),
      await insertVehicle(t.db.pool, {
        ...acme,
        customerName: acme.name,
        vin: 'AAAAAAAAAAAAAAAA3',
        regNo: 'XXX003',
      }),
      await insertVehicle(t.db.pool, {
        ...other,
        customerName: other.name,
        vin: 'BBBBBBBBBBBBBBBB1',
        regNo: 'WWW004',
        ...online(NOW, 30),
      }),
      await insertVehicle(t.db.pool, {
        ...other,
        customerName: other.name,
        vin: 'BBBBBBBBBBBBBBBB2',
        regNo: 'VVV_05',
        ...offline(NOW, 60),
      }),
    ];
    // Retired: never listed, never counted.
    await insertVehicle(t.db.pool, {
      ...acme,
      customerName: acme.name,
      vin: 'AAAAAAAAAAAAAAAA4',
      retiredAt: NOW,
      ...online(NOW),
    });
  });
  afterAll(() => t.stop());

  const vins = (body: { items: { vin: string }[] }) => body.items.map((i) => i.vin);

  it('lists the live fleet by VIN with counts, in the contract shape', async () => {
    const res = await request(t.app).get('/api/v1/vehicles').expect(200);
    expect(vins(res.body)).toEqual(fleet.map((v) => v.vin));
    expect(res.body).toMatchObject({
      total: 5,
      counts: { online: 2, offline: 3, total: 5 },
      page: 1,
      pageSize: 50,
    });
    expect(res.body.asOf).toBeUndefined();
    const first = fleet[0]!;
    expect(res.body.items[0]).toEqual({
      vin: first.vin,
      regNo: 'ZZZ001',
      customer: { id: acme.customerId, name: acme.name, address: 'Testvägen 1, 111 11 Teststad' },
      status: 'online',
      lastSeenAt: first.lastHeartbeatAt!.toISOString(),
      statusSince: first.statusSince!.toISOString(),
      offlineTimeoutSeconds: 60,
    });
    expect(res.body.items[2]).toMatchObject({ status: 'never-seen', lastSeenAt: null, statusSince: null });
  });

  it('filters by status; counts ignore the status filter; offline includes never-seen', async () => {
    const on = await request(t.app).get('/api/v1/vehicles?status=online').expect(200);
    expect(vins(on.body)).toEqual(['AAAAAAAAAAAAAAAA1', 'BBBBBBBBBBBBBBBB1']);
    expect(on.body).toMatchObject({ total: 2, counts: { online: 2, offline: 3, total: 5 } });
    const off = await request(t.app).get('/api/v1/vehicles?status=offline').expect(200);
    expect(vins(off.body)).toEqual(['AAAAAAAAAAAAAAAA2', 'AAAAAAAAAAAAAAAA3', 'BBBBBBBBBBBBBBBB2']);
    expect(off.body.total).toBe(3);
  });

  it('filters by customer (counts from the customer counters)', async () => {
    const res = await request(t.app).get(`/api/v1/vehicles?customerId=${other.customerId}`).expect(200);
    expect(vins(res.body)).toEqual(['BBBBBBBBBBBBBBBB1', 'BBBBBBBBBBBBBBBB2']);
    expect(res.body.counts).toEqual({ online: 1, offline: 1, total: 2 });
    const both = await request(t.app)
      .get(`/api/v1/vehicles?customerId=${acme.customerId}&status=offline`)
      .expect(200);
    expect(vins(both.body)).toEqual(['AAAAAAAAAAAAAAAA2', 'AAAAAAAAAAAAAAAA3']);
    expect(both.body).toMatchObject({ total: 2, counts: { online: 1, offline: 2, total: 3 } });
  });

  it.each([
    ['värdetransporter', ['BBBBBBBBBBBBBBBB1', 'BBBBBBBBBBBBBBBB2']],
    ['VÄRDETRANSPORTER', ['BBBBBBBBBBBBBBBB1', 'BBBBBBBBBBBBBBBB2']],
    ['åkeri', ['AAAAAAAAAAAAAAAA1', 'AAAAAAAAAAAAAAAA2', 'AAAAAAAAAAAAAAAA3']],
    ['a\u030akeri', ['AAAAAAAAAAAAAAAA1', 'AAAAAAAAAAAAAAAA2', 'AAAAAAAAAAAAAAAA3']], // decomposed å: NFC first
    ['bbbbbbbbbbbbbbbb1', ['BBBBBBBBBBBBBBBB1']],
    ['yyy0', ['AAAAAAAAAAAAAAAA2']],
    ['vvv_', ['BBBBBBBBBBBBBBBB2']],
    ['v_v', []], // _ is literal, not LIKE's any-character
    ['%', []],
    [
      '  ',
      [
        'AAAAAAAAAAAAAAAA1',
        'AAAAAAAAAAAAAAAA2',
        'AAAAAAAAAAAAAAAA3',
        'BBBBBBBBBBBBBBBB1',
        'BBBBBBBBBBBBBBBB2',
      ],
    ],
  ])('searches q=%j case-insensitively over customer, VIN and reg. number', async (q, expected) => {
    const res = await request(t.app).get('/api/v1/vehicles').query({ q }).expect(200);
    expect(vins(res.body)).toEqual(expected);
    expect(res.body.counts.total).toBe(expected.length);
  });

  it('counts a text search under the other filters but not status', async () => {
    const res = await request(t.app)
      .get('/api/v1/vehicles')
      .query({ q: 'acme', status: 'online' })
      .expect(200);
    expect(vins(res.body)).toEqual(['AAAAAAAAAAAAAAAA1']);
    expect(res.body).toMatchObject({ total: 1, counts: { online: 1, offline: 2, total: 3 } });
  });

  it.each([
    [
      'regNo',
      'asc',
      [
        'BBBBBBBBBBBBBBBB2',
        'BBBBBBBBBBBBBBBB1',
        'AAAAAAAAAAAAAAAA3',
        'AAAAAAAAAAAAAAAA2',
        'AAAAAAAAAAAAAAAA1',
      ],
    ],
    [
      'vin',
      'desc',
      [
        'BBBBBBBBBBBBBBBB2',
        'BBBBBBBBBBBBBBBB1',
        'AAAAAAAAAAAAAAAA3',
        'AAAAAAAAAAAAAAAA2',
        'AAAAAAAAAAAAAAAA1',
      ],
    ],
    [
      'customer',
      'desc',
      [
        'BBBBBBBBBBBBBBBB2',
        'BBBBBBBBBBBBBBBB1',
        'AAAAAAAAAAAAAAAA3',
        'AAAAAAAAAAAAAAAA2',
        'AAAAAAAAAAAAAAAA1',
      ],
    ],
    [
      'customer',
      'asc',
      [
        'AAAAAAAAAAAAAAAA1',
        'AAAAAAAAAAAAAAAA2',
        'AAAAAAAAAAAAAAAA3',
        'BBBBBBBBBBBBBBBB1',
        'BBBBBBBBBBBBBBBB2',
      ],
    ],
    [
      'status',
      'asc',
      [
        'AAAAAAAAAAAAAAAA3',
        'AAAAAAAAAAAAAAAA2',
        'BBBBBBBBBBBBBBBB2',
        'AAAAAAAAAAAAAAAA1',
        'BBBBBBBBBBBBBBBB1',
      ],
    ],
    [
      'lastSeen',
      'asc',
      [
        'AAAAAAAAAAAAAAAA2',
        'BBBBBBBBBBBBBBBB2',
        'BBBBBBBBBBBBBBBB1',
        'AAAAAAAAAAAAAAAA1',
        'AAAAAAAAAAAAAAAA3',
      ],
    ],
    [
      'lastSeen',
      'desc',
      [
        'AAAAAAAAAAAAAAAA3',
        'AAAAAAAAAAAAAAAA1',
        'BBBBBBBBBBBBBBBB1',
        'BBBBBBBBBBBBBBBB2',
        'AAAAAAAAAAAAAAAA2',
      ],
    ],
  ])('sorts by %s %s, ties by VIN', async (sort, order, expected) => {
    const res = await request(t.app).get('/api/v1/vehicles').query({ sort, order }).expect(200);
    expect(vins(res.body)).toEqual(expected);
  });

  it('pages, with the total of the whole match', async () => {
    const p2 = await request(t.app).get('/api/v1/vehicles?page=2&pageSize=2').expect(200);
    expect(vins(p2.body)).toEqual(['AAAAAAAAAAAAAAAA3', 'BBBBBBBBBBBBBBBB1']);
    expect(p2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    const past = await request(t.app).get('/api/v1/vehicles?page=9&pageSize=2').expect(200);
    expect(past.body.items).toEqual([]);
    expect(past.body.total).toBe(5);
  });

  it('ignores unknown parameters', async () => {
    const res = await request(t.app).get('/api/v1/vehicles?_=123&foo=bar').expect(200);
    expect(res.body.total).toBe(5);
  });

  it.each([
    ['status=sleeping', 'query.status'],
    ['sort=color', 'query.sort'],
    ['order=up', 'query.order'],
    ['page=0', 'query.page'],
    ['page=abc', 'query.page'],
    ['pageSize=201', 'query.pageSize'],
    ['pageSize=0', 'query.pageSize'],
    ['customerId=not-a-uuid', 'query.customerId'],
    ['asOf=yesterday', 'query.asOf'],
    ['q=a&q=b', 'query.q'],
    [`q=${'x'.repeat(201)}`, 'query.q'],
  ])('answers 400 problem+json naming the parameter for %s', async (qs, path) => {
    const res = await request(t.app).get(`/api/v1/vehicles?${qs}`).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
