import fc from 'fast-check';
import type { StatusFilter } from '@vehicle-tracker/contracts';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { containsPattern, normalizeSearch } from '../domain/search-text';
import { insertCustomer, insertVehicle, offline, online } from '../test-support/builders';
import { countVehicles } from './count-vehicles';
import { listVehicles } from './list-vehicles';
import { textSearchPlan } from './text-search-plan';
import type { PageRequest, VehicleFilter } from './vehicle-filter';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const ALL: PageRequest = { sort: 'vin', order: 'asc', limit: 2_000, offset: 0 };

/**
 * The text filter answered through customer names and the VIN/reg. no head must select exactly the vehicles
 * `search_text LIKE '%needle%'` selects, and count them the same, whatever the needle.
 */
describe('text search through customers and the VIN/reg. no head', () => {
  let db: TestDatabase;
  let customerIds: string[];
  let texts: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const fleets: [string, string[]][] = [
      ['Åsas Åkeri AB', ['ABC123', 'KAL 1', 'ÖST-99', 'T100']],
      ['Kalles Grustransporter AB', ['XYZ789', 'İZ 12', 'ΣΩ 1', 'KALLES']],
      ['ABC123 Åkeri', ['AB 1', 'ÅSAS 1']], // a name holding another customer's plate
      ['Σ Bulk ΑΒ', ['BULK 2']],
      ['A\u030asa Frakt', ['FR-1', 'FR-2']], // decomposed å
      ['Tom Kund AB', []],
      ['İnci \u212aargo\u037e Ab', ['IK 1']], // fold to ASCII: İ -> i̇, Kelvin sign -> k, Greek question mark -> ;
    ];
    customerIds = [];
    for (const [name, regs] of fleets) {
      const c = await insertCustomer(db.pool, { name });
      customerIds.push(c.customerId);
      for (const [i, regNo] of regs.entries()) {
        const state = [online(NOW), offline(NOW), {}][i % 3];
        await insertVehicle(db.pool, { ...c, customerName: name, regNo, ...state });
      }
      // Retired: never selected, never counted, whatever matches.
      await insertVehicle(db.pool, { ...c, customerName: name, regNo: regs[0] ?? 'R1', retiredAt: NOW });
    }
    const { rows } = await db.pool.query<{ search_text: string }>(
      'SELECT search_text FROM rm.vehicles ORDER BY vin',
    );
    texts = rows.map((r) => r.search_text);
  });
  afterAll(() => db.drop());

  async function expectSameAsLike(filter: VehicleFilter, page: PageRequest = ALL): Promise<void> {
    const params: unknown[] = [filter.pattern];
    let where = 'retired_at IS NULL AND search_text LIKE $1';
    if (filter.customerId !== undefined) {
      params.push(filter.customerId);
      where += ' AND customer_id = $2';
    }
    const { rows } = await db.pool.query<{ vin: string; status: string }>(
      `SELECT vin, status FROM rm.vehicles WHERE ${where} ORDER BY vin`,
      params,
    );
    const online = rows.filter((r) => r.status === 'online').length;
    const shown = rows.filter((r) =>
      filter.status === undefined ? true : (r.status === 'online') === (filter.status === 'online'),
    );
    const [items, counts] = await Promise.all([
      listVehicles(db.pool, filter, page),
      countVehicles(db.pool, filter),
    ]);
    expect(items.map((v) => v.vin)).toEqual(
      shown.map((r) => r.vin).slice(page.offset, page.offset + page.limit),
    );
    expect(counts).toEqual({ online, offline: rows.length - online, total: rows.length });
  }

  const filterOf = (q: string, customerId?: string, status?: StatusFilter): VehicleFilter => ({
    pattern: containsPattern(normalizeSearch(q)),
    customerId,
    status,
  });

  it.each([
    'åsas åkeri',
    'ÅSAS',
    'a\u030asa frakt',
    'abc123',
    'abc123 åkeri',
    '123 åsas',
    'kal 1 åsas',
    'kalles',
    'kalles grus',
    'öst-99 åsas åkeri ab',
    'σω 1 kalles',
    'bulk',
    'Σ bulk αβ',
    'İz 12 kalles',
    'ab',
    'ab 1 abc',
    'abc_',
    '%',
    'nothing like it',
    'inci kargo; ab',
    'i̇nci kargo; ab',
    'ik 1 i̇nci',
  ])('answers q=%j as search_text LIKE does', async (q) => {
    await expectSameAsLike(filterOf(q));
    await expectSameAsLike(filterOf(q, undefined, 'online'));
    await expectSameAsLike(filterOf(q, undefined, 'offline'));
    for (const id of customerIds) await expectSameAsLike(filterOf(q, id));
  });

  it('uses the customers and the head index when the first word has three letters or digits', async () => {
    expect(await textSearchPlan(db.pool, filterOf('åsas'))).toMatchObject({
      customerIds: [customerIds[0]],
      vins: [expect.any(String)], // 'ÅSAS 1' of ABC123 Åkeri
    });
    expect(await textSearchPlan(db.pool, filterOf('ab'))).toBeNull();
  });

  it('pages and sorts the resolved matches as the plain query does', async () => {
    const filter = filterOf('åkeri');
    await expectSameAsLike(filter, { ...ALL, limit: 2, offset: 1 });
    const regNos = (await listVehicles(db.pool, filter, { ...ALL, sort: 'regNo', order: 'desc' })).map(
      (v) => v.regNo,
    );
    expect(regNos).toEqual([...regNos].sort().reverse());
  });

  it('answers any piece of any search text as search_text LIKE does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 30 }), async (which, start, length) => {
        const text = texts[which % texts.length]!;
        const from = start % text.length;
        const q = text.slice(from, from + length);
        fc.pre(q.trim() !== '');
        await expectSameAsLike(filterOf(q));
      }),
      { numRuns: 150 },
    );
  });

  it('falls back to search_text LIKE beyond 1,000 head matches, with the same answer', async () => {
    const c = await insertCustomer(db.pool, { name: 'Massfordon AB' });
    await db.pool.query(
      `INSERT INTO rm.vehicles (vin, reg_no, customer_id, customer_name, effective_timeout_seconds, status,
         registered_at, search_text)
       SELECT 'MASS' || lpad(i::text, 13, '0'), 'QQQ' || i, $1, $2, 60, 'never-seen', now(),
              lower('MASS' || lpad(i::text, 13, '0') || ' QQQ' || i || ' ' || $2)
         FROM generate_series(1, 1001) i`,
      [c.customerId, c.name],
    );
    await db.pool.query(
      `UPDATE rm.customers SET vehicle_count = 1001, offline_count = 1001 WHERE customer_id = $1`,
      [c.customerId],
    );
    expect(await textSearchPlan(db.pool, filterOf('qqq'))).toBeNull();
    await expectSameAsLike(filterOf('qqq'));
    expect(await textSearchPlan(db.pool, filterOf('qqq1000'))).not.toBeNull();
    await expectSameAsLike(filterOf('qqq1000'));
  });
});
