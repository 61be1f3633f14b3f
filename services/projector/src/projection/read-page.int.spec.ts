import { randomUUID } from 'node:crypto';
import { appendEvents, readAll, type Checkpoint, type NewEvent } from '@vehicle-tracker/event-store';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { customerRegistered, heartbeat, randomVin, vehicleRegistered } from '../test-support/builders';
import { toNew } from '../test-support/harness';
import { readPage, type LogPage } from './read-page';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** Where the log ends now: each test reads only what it appended after this. */
async function tail(): Promise<Checkpoint> {
  const { rows } = await db.pool.query(
    `SELECT transaction_id::text AS t, global_position AS g FROM events
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return rows[0] ? { transactionId: rows[0].t, globalPosition: Number(rows[0].g) } : readAllStart;
}
const readAllStart: Checkpoint = { transactionId: '0', globalPosition: 0 };

/**
 * readPage until it returns `n` events: the commit-safe horizon is cluster-wide, so another test file's open
 * transaction may hold our committed events back for a moment.
 */
async function readSettled(after: Checkpoint, limit: number, n: number): Promise<LogPage> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await readPage(db.pool, after, limit);
    if (page.size >= n || Date.now() > deadline) return page;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Each event of a page as the fold sees it: ['hb', vin, receivedAt ISO] or [type, data] or ['skipped', position]. */
function describePage(page: LogPage) {
  const out: unknown[] = [];
  for (let i = 0; i < page.size; i++) {
    const vin = page.vins[i];
    if (vin) out.push(['hb', vin, new Date(page.receivedAt[i]!).toISOString()]);
    else {
      const e = page.events.get(i);
      out.push(e ? [e.event.type, e.event.data] : ['skipped']);
    }
  }
  return out;
}

const raw = (vin: unknown, receivedAt: unknown, metadata: unknown = { schemaVersion: 1 }): NewEvent => ({
  streamId: `vehicle-${String(vin)}`,
  type: 'HeartbeatRecorded',
  data: { vin, receivedAt },
  metadata: metadata as Record<string, unknown>,
});

describe('readPage: the log as the fold reads it', () => {
  it('heartbeats on the fast path, everything else whole and parsed, in commit order; the store checkpoint', async () => {
    const after = await tail();
    const customerId = randomUUID();
    const vin = randomVin();
    const t = '2026-03-01T10:00:00.123Z';
    await appendEvents(db.pool, [
      toNew(customerRegistered(new Date(), { customerId, name: `Page ${customerId}` })),
      toNew(vehicleRegistered(new Date(), customerId, { vin })),
      toNew(heartbeat(vin, t)),
      // Not the fast path, but valid: zod trims and upper-cases the VIN, accepts an offset.
      raw(` ${vin.toLowerCase()}`, '2026-03-01T11:00:00+01:00'),
      // The fast path accepts any ISO instant its regex and Date.parse accept, metadata an object or an array.
      raw(vin, '2026-03-01T10:00:01Z', []),
      // Invalid: a VIN that is not a string, a missing receivedAt, metadata that is not an object.
      raw(10_000_000_000_000_000, t), // 17 digits: as text it would pass the VIN check
      { streamId: `vehicle-${vin}`, type: 'HeartbeatRecorded', data: { vin } },
      raw(vin, t, 'text'),
    ]);
    const page = await readSettled(after, 100, 8);
    expect(describePage(page)).toEqual([
      ['CustomerRegistered', { customerId, name: `Page ${customerId}`, address: 'Main St 1' }],
      ['VehicleRegistered', expect.objectContaining({ vin, customerId })],
      ['hb', vin, t],
      ['HeartbeatRecorded', { vin, receivedAt: '2026-03-01T11:00:00+01:00' }],
      ['hb', vin, '2026-03-01T10:00:01.000Z'],
      ['skipped'],
      ['skipped'],
      ['skipped'],
    ]);
    expect(page.skipped).toHaveLength(3);
    const store = await readAll(db.pool, after, 100);
    expect(page.size).toBe(store.events.length);
    expect(page.checkpoint).toEqual(store.checkpoint);
    expect(page.newest?.getTime()).toBe(Math.max(...store.events.map((e) => e.recordedAt.getTime())));
  });

  it('pages of `limit` events resume at the checkpoint: every event once, in the store order', async () => {
    const after = await tail();
    const vins = [randomVin(), randomVin(), randomVin()];
    for (let i = 0; i < 5; i++)
      await appendEvents(
        db.pool,
        vins.map((vin, k) => toNew(heartbeat(vin, new Date(Date.UTC(2026, 0, 1, 0, i, k))))),
      );
    let at = after;
    const seen: string[] = [];
    while (seen.length < 15) {
      const page = await readSettled(at, 4, Math.min(4, 15 - seen.length));
      expect(page.size).toBeGreaterThan(0);
      expect(page.size).toBeLessThanOrEqual(4);
      seen.push(...describePage(page).map((e) => JSON.stringify(e)));
      at = page.checkpoint;
    }
    const store = await readAll(db.pool, after, 100);
    expect(seen).toEqual(
      store.events.map((e) => {
        const d = e.data as { vin: string; receivedAt: string };
        return JSON.stringify(['hb', d.vin, d.receivedAt]);
      }),
    );
    expect(at).toEqual(store.checkpoint);
  });

  it('stops before a transaction still in flight, then reads it in commit-safe order once it committed', async () => {
    const after = await tail();
    const [early, late] = [randomVin(), randomVin()];
    const open = await db.pool.connect();
    try {
      await open.query('BEGIN');
      await appendEvents(open, [toNew(heartbeat(early, '2026-01-01T00:00:00.000Z'))]);
      // Committed after the open transaction began: a reader by position alone would take it and skip `early`.
      await appendEvents(db.pool, [toNew(heartbeat(late, '2026-01-01T00:00:01.000Z'))]);
      expect((await readPage(db.pool, after, 100)).size).toBe(0);
      await open.query('COMMIT');
    } finally {
      open.release();
    }
    const page = await readSettled(after, 100, 2);
    expect(describePage(page).map((e) => (e as string[])[1])).toEqual([early, late]);
  });
});
