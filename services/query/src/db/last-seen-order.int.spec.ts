import type { SortOrder, StatusFilter } from '@vehicle-tracker/contracts';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { insertCustomer, insertVehicle, offline, online } from '../test-support/builders';
import { listVehicles } from './list-vehicles';
import type { VehicleFilter } from './vehicle-filter';

const NOW = new Date('2026-11-25T12:00:00.000Z');

/**
 * sort=lastSeen reads the whole fleet's pages from rm.vehicle_last_seen (last-seen-page.ts: one index range per
 * status, both merged without a status filter) and a customer's descending pages inside the never-seen block from
 * the status index (list-vehicles.ts): every page, under every filter, must hold exactly the rows the plain ORDER BY
 * last_heartbeat_at gives. The fleet is written as the projector writes it: last_heartbeat_at is NULL exactly for
 * never-seen vehicles, rm.vehicle_last_seen lists the active ones.
 */
describe('listVehicles sort=lastSeen against the plain ORDER BY', () => {
  let db: TestDatabase;
  let customers: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    customers = [];
    for (const name of ['Senast Sedd AB', 'Aldrig Sedd AB']) {
      const c = await insertCustomer(db.pool, { name });
      customers.push(c.customerId);
      for (let i = 0; i < 24; i++) {
        // Ties on last_heartbeat_at (i % 5) keep the VIN tie-break honest, within a status and across (an offline
        // vehicle heard when online ones were: a shorter timeout), so the merge of the two ranges breaks ties too.
        const state = [online(NOW, 1 + (i % 5)), offline(NOW, 600 + (i % 5)), {}, offline(NOW, 1 + (i % 5))][
          i % 4
        ];
        await insertVehicle(db.pool, { ...c, customerName: name, ...state });
      }
      await insertVehicle(db.pool, { ...c, customerName: name, retiredAt: NOW });
    }
  });
  afterAll(() => db.drop());

  async function plain(filter: VehicleFilter, order: SortOrder, limit: number, offset: number) {
    const dir = order === 'desc' ? 'DESC' : 'ASC';
    const status =
      filter.status === undefined
        ? ''
        : filter.status === 'online'
          ? `AND status = 'online'`
          : `AND status <> 'online'`;
    const { rows } = await db.pool.query<{ vin: string }>(
      `SELECT vin FROM rm.vehicles
        WHERE retired_at IS NULL AND ($1::uuid IS NULL OR customer_id = $1) ${status}
        ORDER BY last_heartbeat_at ${dir}, vin ${dir} LIMIT $2 OFFSET $3`,
      [filter.customerId ?? null, limit, offset],
    );
    return rows.map((r) => r.vin);
  }

  // The whole fleet (48 active vehicles: 12 never seen, 12 online, 24 offline) under each status filter, so that the
  // pages below (offsets 0 to 50) cross every boundary: never-seen / online / offline, in both orders.
  const filters = (): [string, VehicleFilter][] => [
    ['the whole fleet', {}],
    ['one customer', { customerId: customers[1] }],
    ...(['online', 'offline'] as StatusFilter[]).map((status): [string, VehicleFilter] => [
      status,
      { status },
    ]),
    ['one customer, offline', { customerId: customers[0], status: 'offline' }],
  ];

  it.each(['desc', 'asc'] as SortOrder[])('gives every page the same rows, %s', async (order) => {
    for (const [, filter] of filters())
      for (const limit of [1, 3, 7, 16, 50])
        for (let offset = 0; offset <= 50; offset += limit) {
          const page = await listVehicles(db.pool, filter, { sort: 'lastSeen', order, limit, offset });
          expect([filter, limit, offset, page.map((v) => v.vin)]).toEqual([
            filter,
            limit,
            offset,
            await plain(filter, order, limit, offset),
          ]);
        }
  });

  it('reads the whole fleet from rm.vehicle_last_seen, and a customer from rm.vehicles', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`DELETE FROM rm.vehicle_last_seen WHERE online`);
      for (const order of ['asc', 'desc'] as SortOrder[]) {
        const page = { sort: 'lastSeen' as const, order, limit: 50, offset: 0 };
        expect(await listVehicles(client, { status: 'online' }, page)).toEqual([]);
        expect((await listVehicles(client, {}, page)).map((v) => v.status)).not.toContain('online');
        const customer = await listVehicles(client, { customerId: customers[0]!, status: 'online' }, page);
        expect(customer).toHaveLength(6);
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('starts descending with the never-seen vehicles, by VIN descending', async () => {
    const page = await listVehicles(db.pool, {}, { sort: 'lastSeen', order: 'desc', limit: 10, offset: 0 });
    expect(page.map((v) => [v.status, v.lastSeenAt])).toEqual(Array(10).fill(['never-seen', null]));
    const vins = page.map((v) => v.vin);
    expect(vins).toEqual([...vins].sort().reverse());
  });
});
