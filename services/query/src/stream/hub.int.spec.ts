import type { Response } from 'express';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { createLogger, type Queryable } from '@vehicle-tracker/service-kit';
import {
  insertCustomer,
  insertStatusChange,
  insertVehicle,
  type TestCustomer,
} from '../test-support/builders';
import { pgChangeListener, type WakeSource } from './change-listener';
import { StreamHub } from './hub';
import { SseClient } from './sse-client';

/** A response that records what is written. */
function fakeResponse() {
  const res = {
    chunks: [] as string[],
    writableEnded: false,
    destroyed: false,
    writableLength: 0,
    write(chunk: string) {
      res.chunks.push(chunk);
      return true;
    },
    end() {
      res.writableEnded = true;
    },
    destroy() {
      res.destroyed = true;
    },
  };
  return res;
}

const manualWake = (): WakeSource & { fire?: () => void } => {
  const source: WakeSource & { fire?: () => void } = {
    start: async (onWake) => {
      source.fire = onWake;
    },
    stop: async () => undefined,
  };
  return source;
};

const logger = createLogger('hub-test', 'silent');

describe('StreamHub', () => {
  let db: TestDatabase;
  let customer: TestCustomer;
  beforeAll(async () => {
    db = await createTestDatabase();
    customer = await insertCustomer(db.pool);
  });
  afterAll(() => db.drop());

  const change = (notify = false) =>
    insertStatusChange(
      db.pool,
      { vin: 'HUBAAAAAAAAAAAAA1', customerId: customer.customerId, status: 'online', at: new Date() },
      notify,
    );

  it('costs one query for the rows and one for the counts per wake-up, whatever the number of streams', async () => {
    const statements: string[] = [];
    const counting: Queryable = {
      query: (sql, params) => {
        statements.push(sql);
        return db.pool.query(sql, params) as never;
      },
    };
    const wake = manualWake();
    const hub = new StreamHub({ db: counting, wake, logger, keepaliveMs: 60_000, pollMs: 60_000 });
    await hub.start();
    const responses = Array.from({ length: 2_000 }, () => fakeResponse());
    await Promise.all(responses.map((r) => hub.attach(new SseClient(r as unknown as Response, undefined))));
    statements.length = 0;
    const id = await change();
    wake.fire!();
    wake.fire!(); // coalesced with the first
    await hub.settled();
    expect(statements).toHaveLength(2);
    for (const r of responses)
      expect(r.chunks.some((c) => c.startsWith(`id: ${id}\nevent: status\n`))).toBe(true);
    await hub.stop();
    for (const r of responses) expect(r.writableEnded).toBe(true);
  });

  it('sends counts that moved without a status change (a vehicle registered)', async () => {
    const wake = manualWake();
    const hub = new StreamHub({ db: db.pool, wake, logger, keepaliveMs: 60_000, pollMs: 60_000 });
    await hub.start();
    const res = fakeResponse();
    await hub.attach(new SseClient(res as unknown as Response, customer.customerId));
    const before = res.chunks.filter((c) => c.startsWith('event: counts')).length;
    await insertVehicle(db.pool, { customerId: customer.customerId, customerName: customer.name });
    wake.fire!();
    await hub.settled();
    const counts = res.chunks.filter((c) => c.startsWith('event: counts'));
    expect(counts).toHaveLength(before + 1);
    expect(counts.at(-1)).toContain('"vehicleCount":1');
    wake.fire!(); // nothing moved: nothing sent
    await hub.settled();
    expect(res.chunks.filter((c) => c.startsWith('event: counts'))).toHaveLength(before + 1);
    await hub.stop();
  });

  it('polls as a fallback when a notification is missed', async () => {
    const hub = new StreamHub({ db: db.pool, wake: manualWake(), logger, keepaliveMs: 60_000, pollMs: 100 });
    await hub.start();
    const res = fakeResponse();
    await hub.attach(new SseClient(res as unknown as Response, customer.customerId));
    const id = await change(false);
    const deadline = Date.now() + 2_000;
    while (!res.chunks.some((c) => c.startsWith(`id: ${id}\n`)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(res.chunks.some((c) => c.startsWith(`id: ${id}\n`))).toBe(true);
    await hub.stop();
  });

  it('reconnects its LISTEN connection and catches up on what it missed meanwhile', async () => {
    const listener = pgChangeListener(
      () => new pg.Client({ connectionString: db.url, application_name: 'hub-test-listen' }),
      logger,
      50,
    );
    const hub = new StreamHub({ db: db.pool, wake: listener, logger, keepaliveMs: 60_000, pollMs: 60_000 });
    await hub.start();
    const res = fakeResponse();
    await hub.attach(new SseClient(res as unknown as Response, undefined));
    await db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hub-test-listen'`,
    );
    const missed = await change(true); // notified while the listener is down, or just after: either way delivered
    const deadline = Date.now() + 3_000;
    while (!res.chunks.some((c) => c.startsWith(`id: ${missed}\n`)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(res.chunks.some((c) => c.startsWith(`id: ${missed}\n`))).toBe(true);
    await hub.stop();
  });
});
