import type { SortOrder, StatusFilter } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { listVehicles } from './list-vehicles';

/**
 * The whole fleet's lastSeen pages must come from the (online, last_heartbeat_at, vin) index of
 * rm.vehicle_last_seen, never from a sort of every row: at 1M vehicles the sort took 0.5 to 1.8 s. The plan is
 * checked on 20,000 vehicles (70 % online, 20 % offline, 10 % never seen, analysed), enough for the planner to
 * weigh a scan of the table against the index.
 */
describe('the whole fleet by lastSeen: plan', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query(
      `INSERT INTO rm.customers (customer_id, name, address, registered_at)
       VALUES ('00000000-0000-4000-8000-000000000001', 'Plan AB', '-', now())`,
    );
    await db.pool.query(
      `INSERT INTO rm.vehicles (vin, reg_no, customer_id, customer_name, effective_timeout_seconds, status,
         status_since, last_heartbeat_at, offline_at, registered_at, search_text)
       SELECT vin, 'R' || i, '00000000-0000-4000-8000-000000000001', 'Plan AB', 60, st, hb, hb,
              hb + interval '60 seconds', now(), lower(vin)
         FROM (SELECT i, upper(substr(md5('v' || i), 1, 17)) AS vin,
                      CASE WHEN i % 10 < 7 THEN 'online' WHEN i % 10 < 9 THEN 'offline' ELSE 'never-seen' END AS st,
                      CASE WHEN i % 10 < 7 THEN now() - (i % 55) * interval '1 second'
                           WHEN i % 10 < 9 THEN now() - (120 + i) * interval '1 second' END AS hb
                 FROM generate_series(1, 20000) i) g`,
    );
    await db.pool.query(
      `INSERT INTO rm.vehicle_last_seen (vin, online, last_heartbeat_at)
       SELECT vin, status = 'online', last_heartbeat_at FROM rm.vehicles`,
    );
    await db.pool.query('VACUUM ANALYZE rm.vehicles, rm.vehicle_last_seen, rm.customers');
  });
  afterAll(() => db.drop());

  /** The plan of the statement listVehicles runs (EXPLAIN instead of running it). */
  async function planOf(status: StatusFilter | undefined, order: SortOrder, offset: number): Promise<string> {
    const plans: string[] = [];
    const explaining: Queryable = {
      query: async <R extends object>(sql: string, params?: unknown[]) => {
        const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`, params);
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
        return { rows: [] as R[], rowCount: 0 };
      },
    };
    await listVehicles(explaining, { status }, { sort: 'lastSeen', order, limit: 50, offset });
    expect(plans).toHaveLength(1);
    return plans[0]!;
  }

  const SCAN_OF_VEHICLES = /(Seq|Bitmap Heap) Scan on vehicle/;
  const scans = (plan: string) =>
    plan.match(/Index (Only )?Scan( Backward)? using vehicle_last_seen_order/g) ?? [];

  it.each(['asc', 'desc'] as SortOrder[])(
    'no status: a Merge Append of two index ranges, %s',
    async (order) => {
      for (const offset of [0, 950]) {
        const plan = await planOf(undefined, order, offset);
        expect(plan).toContain('Merge Append');
        expect(scans(plan)).toHaveLength(2);
        expect(plan).not.toMatch(SCAN_OF_VEHICLES);
        // No sort below the page's Limit: at most one of the page's 50 joined rows, at the top of the plan.
        expect(plan).not.toMatch(/->\s+(Incremental )?Sort\b/);
      }
    },
  );

  it.each(['online', 'offline'] as StatusFilter[])(
    'status=%s: one index range, both orders',
    async (status) => {
      for (const order of ['asc', 'desc'] as SortOrder[]) {
        const plan = await planOf(status, order, 950);
        expect(scans(plan)).toHaveLength(1);
        expect(plan).toContain(`Index Cond: (online = ${status === 'online'})`);
        expect(plan).not.toMatch(SCAN_OF_VEHICLES);
        expect(plan).not.toMatch(/->\s+(Incremental )?Sort\b|Merge Append/);
      }
    },
  );
});
