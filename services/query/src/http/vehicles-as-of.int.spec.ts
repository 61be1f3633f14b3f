import request from 'supertest';
import { insertCustomer, insertInterval, insertVehicle, type TestCustomer } from '../test-support/builders';
import { startTestApp, type TestApp } from '../test-support/test-app';

/**
 * A hand-written history (dates in November 2026, all at 00:00Z unless said):
 *   A  registered 01; never-seen 01-02, online 02-05, offline 05-07, online since 07 (open)
 *   B  registered 03; never-seen 03-04, online 04-06, offline since 06 (open)
 *   C  registered 08; never-seen since 08 (open)
 *   D  registered 01; online 01-04; retired 04
 *   E  registered 01; never-seen 01-02, online since 02 (open), but its last heartbeat was 06 00:00 with a 60 s
 *      timeout: offline from 06 00:01 although the projector has not closed the interval yet
 */
const A = 'ASZFAAAAAAAAAAAA1';
const B = 'ASZFBBBBBBBBBBBB2';
const C = 'ASZFCCCCCCCCCCCC3';
const D = 'ASZFDDDDDDDDDDDD4';
const E = 'ASZFEEEEEEEEEEEE5';
const day = (d: number, time = '00:00:00') => `2026-11-${String(d).padStart(2, '0')}T${time}.000Z`;

describe('GET /api/v1/vehicles?asOf', () => {
  let t: TestApp;
  let customer: TestCustomer;

  beforeAll(async () => {
    t = await startTestApp();
    customer = await insertCustomer(t.db.pool, { name: 'Tidsresor AB' });
    const db = t.db.pool;
    const base = { customerId: customer.customerId, customerName: customer.name };
    await insertVehicle(db, {
      ...base,
      vin: A,
      regNo: 'AAA001',
      registeredAt: new Date(day(1)),
      status: 'online',
    });
    await insertVehicle(db, {
      ...base,
      vin: B,
      regNo: 'BBB002',
      registeredAt: new Date(day(3)),
      status: 'offline',
    });
    await insertVehicle(db, { ...base, vin: C, regNo: 'CCC003', registeredAt: new Date(day(8)) });
    await insertVehicle(db, {
      ...base,
      vin: D,
      regNo: 'DDD004',
      registeredAt: new Date(day(1)),
      retiredAt: new Date(day(4)),
    });
    await insertVehicle(db, {
      ...base,
      vin: E,
      regNo: 'EEE005',
      registeredAt: new Date(day(1)),
      status: 'online',
      lastHeartbeatAt: new Date(day(6)),
    });
    const intervals: [string, string, string, string | null][] = [
      [A, 'never-seen', day(1), day(2)],
      [A, 'online', day(2), day(5)],
      [A, 'offline', day(5), day(7)],
      [A, 'online', day(7), null],
      [B, 'never-seen', day(3), day(4)],
      [B, 'online', day(4), day(6)],
      [B, 'offline', day(6), null],
      [C, 'never-seen', day(8), null],
      [D, 'online', day(1), day(4)],
      [E, 'never-seen', day(1), day(2)],
      [E, 'online', day(2), null],
    ];
    for (const [vin, status, startedAt, endedAt] of intervals)
      await insertInterval(db, { vin, status: status as 'online', startedAt, endedAt });
  });
  afterAll(() => t.stop());

  const fleetAt = async (asOf: string, extra: Record<string, string> = {}) => {
    const res = await request(t.app)
      .get('/api/v1/vehicles')
      .query({ asOf, customerId: customer.customerId, ...extra })
      .expect(200);
    return res.body;
  };
  const states = (body: { items: { vin: string; status: string; statusSince: string | null }[] }) =>
    body.items.map((i) => [i.vin, i.status, i.statusSince]);

  it.each([
    [
      day(1, '12:00:00'),
      [
        [A, 'never-seen', null],
        [D, 'online', day(1)],
        [E, 'never-seen', null],
      ],
      { online: 1, offline: 2, total: 3 },
    ],
    [
      day(4, '12:00:00'),
      [
        [A, 'online', day(2)],
        [B, 'online', day(4)],
        [E, 'online', day(2)],
      ],
      { online: 3, offline: 0, total: 3 },
    ],
    [
      day(5),
      [
        [A, 'offline', day(5)],
        [B, 'online', day(4)],
        [E, 'online', day(2)],
      ],
      { online: 2, offline: 1, total: 3 },
    ],
    [
      day(6, '12:00:00'),
      [
        [A, 'offline', day(5)],
        [B, 'offline', day(6)],
        [E, 'offline', day(6, '00:01:00')],
      ],
      { online: 0, offline: 3, total: 3 },
    ],
    [
      day(10),
      [
        [A, 'online', day(7)],
        [B, 'offline', day(6)],
        [C, 'never-seen', null],
        [E, 'offline', day(6, '00:01:00')],
      ],
      { online: 1, offline: 3, total: 4 },
    ],
  ])('is the fleet as it was at %s', async (asOf, expected, counts) => {
    const body = await fleetAt(asOf);
    expect(states(body)).toEqual(expected);
    expect(body.counts).toEqual(counts);
    expect(body.total).toBe(counts.total);
    expect(body.asOf).toBe(asOf);
    for (const item of body.items) expect(item.lastSeenAt).toBeNull();
  });

  it('leaves out vehicles not yet registered and retired ones', async () => {
    const before = await fleetAt('2026-10-31T00:00:00Z');
    expect(before.items).toEqual([]);
    expect(before.counts).toEqual({ online: 0, offline: 0, total: 0 });
    const retiredAt = await fleetAt(day(4));
    expect(retiredAt.items.map((i: { vin: string }) => i.vin)).not.toContain(D);
  });

  it('filters by status at that instant, counts ignoring it', async () => {
    const on = await fleetAt(day(10), { status: 'online' });
    expect(states(on)).toEqual([[A, 'online', day(7)]]);
    expect(on).toMatchObject({ total: 1, counts: { online: 1, offline: 3, total: 4 } });
    const off = await fleetAt(day(10), { status: 'offline' });
    expect(off.items.map((i: { vin: string }) => i.vin)).toEqual([B, C, E]);
    expect(off.total).toBe(3);
  });

  it('combines with search, sort and paging', async () => {
    const searched = await fleetAt(day(10), { q: 'bbb002' });
    expect(states(searched)).toEqual([[B, 'offline', day(6)]]);
    expect(searched.counts).toEqual({ online: 0, offline: 1, total: 1 });
    const sorted = await fleetAt(day(10), { sort: 'status', order: 'desc', pageSize: '2', page: '1' });
    expect(sorted.items.map((i: { vin: string }) => i.vin)).toEqual([A, E]);
    expect(sorted.total).toBe(4);
    const byRegNo = await fleetAt(day(10), { sort: 'regNo', order: 'desc' });
    expect(byRegNo.items.map((i: { vin: string }) => i.vin)).toEqual([E, C, B, A]);
    const byCustomer = await fleetAt(day(10), { sort: 'customer', order: 'desc', status: 'offline' });
    expect(byCustomer.items.map((i: { vin: string }) => i.vin)).toEqual([E, C, B]);
    expect(byCustomer.counts).toEqual({ online: 1, offline: 3, total: 4 });
    expect(sorted.items[0].customer).toEqual({
      id: customer.customerId,
      name: 'Tidsresor AB',
      address: customer.address,
    });
  });

  describe('the whole fleet (no customer or text filter)', () => {
    const wholeFleetAt = async (asOf: string, extra: Record<string, string> = {}) =>
      (
        await request(t.app)
          .get('/api/v1/vehicles')
          .query({ asOf, ...extra })
          .expect(200)
      ).body;
    // E's open online interval has its deadline at 06 00:01: the per-instant sums hold up to just before it.
    const deadlinesAfter = '2026-11-06T00:00:59.999Z';

    // A second customer, first by name: F online since 03 (deadline 09 00:01), G retired at 06 12:00.
    const F = 'ASZFFFFFFFFFFFFF6';
    const G = 'ASZFGGGGGGGGGGGG7';
    const setDeadlinesAfter = (at: string | null) =>
      t.db.pool.query(`UPDATE rm.checkpoint SET deadlines_after = $1`, [at]);

    beforeAll(async () => {
      const db = t.db.pool;
      await db.query(
        `INSERT INTO rm.checkpoint (projection, transaction_id, global_position, deadlines_after)
         VALUES ('fleet', '1', 1, $1)`,
        [deadlinesAfter],
      );
      const other = await insertCustomer(db, { name: 'Annat Åkeri AB' });
      const base = { customerId: other.customerId, customerName: other.name };
      await insertVehicle(db, {
        ...base,
        vin: F,
        regNo: 'ZZZ006',
        registeredAt: new Date(day(2)),
        status: 'online',
        lastHeartbeatAt: new Date(day(9)),
      });
      await insertVehicle(db, {
        ...base,
        vin: G,
        regNo: 'AAA000',
        registeredAt: new Date(day(1)),
        retiredAt: new Date(day(6, '12:00:00')),
      });
      const intervals: [string, string, string, string | null][] = [
        [F, 'never-seen', day(2), day(3)],
        [F, 'online', day(3), null],
        [G, 'never-seen', day(1), day(5)],
        [G, 'offline', day(5), day(6, '12:00:00')],
      ];
      for (const [vin, status, startedAt, endedAt] of intervals)
        await insertInterval(db, { vin, status: status as 'online', startedAt, endedAt });
    });

    it.each([
      day(1, '12:00:00'),
      day(4),
      day(4, '12:00:00'),
      day(5),
      day(6, '00:00:30'),
      day(6, '00:01:00'),
      day(6, '12:00:00'),
      day(10),
    ])('at %s is what working out every vehicle answers', async (asOf) => {
      const extras: Record<string, string>[] = [
        {},
        { status: 'online' },
        { status: 'offline' },
        { order: 'desc' },
        { sort: 'lastSeen', order: 'desc' },
        { pageSize: '2', page: '2' },
        { status: 'offline', pageSize: '1', page: '2', order: 'desc' },
        { sort: 'regNo', order: 'desc' },
        { sort: 'regNo', status: 'offline', pageSize: '1', page: '2' },
        { sort: 'customer' },
        { sort: 'customer', order: 'desc', pageSize: '2', page: '2' },
        { sort: 'status' },
        { sort: 'status', order: 'desc' },
        { sort: 'status', pageSize: '1', page: '2' },
        { sort: 'status', pageSize: '2', page: '2', order: 'desc' },
        { sort: 'status', status: 'offline', pageSize: '1', page: '3' },
        { sort: 'status', status: 'online', order: 'desc' },
      ];
      const answers = async () => {
        const out = [];
        for (const extra of extras) out.push({ extra, ...(await wholeFleetAt(asOf, extra)) });
        return out;
      };
      const fromSums = await answers();
      await setDeadlinesAfter(null); // the projector vouches for nothing: every vehicle is worked out
      try {
        expect(fromSums).toEqual(await answers());
      } finally {
        await setDeadlinesAfter(deadlinesAfter);
      }
    });

    it('takes the counts from the sums up to the instant the projector vouches for, and only then', async () => {
      // Skew the day sum of 01: the answers that read them show it, the ones past the deadline do not.
      await t.db.pool.query(
        `UPDATE rm.fleet_count_deltas SET total = total + 100 WHERE grain = 3 AND at = $1`,
        [day(1)],
      );
      try {
        expect((await wholeFleetAt(day(5))).counts.total).toBe(105);
        expect((await wholeFleetAt(deadlinesAfter)).counts.total).toBe(105);
        expect((await wholeFleetAt(day(6, '00:01:00'))).counts.total).toBe(5);
      } finally {
        await t.db.pool.query(
          `UPDATE rm.fleet_count_deltas SET total = total - 100 WHERE grain = 3 AND at = $1`,
          [day(1)],
        );
      }
    });
  });
});
