import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import {
  appendEvents,
  appendUnpositioned,
  listenForAppends,
  readAll,
  readStream,
  START,
  streamPosition,
  StreamConflictError,
  type Checkpoint,
} from '.';
import { READ_ALL_SQL } from './read';
import type { Queryable, StoredEvent } from './types';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const uid = () => Math.random().toString(36).slice(2, 10);
const ev = (streamId: string, n = 0) => ({ streamId, type: 'Tested', data: { n } });

async function readUntilEmpty(q: Queryable, from: Checkpoint, read = readAll) {
  const seen: StoredEvent[] = [];
  let checkpoint = from;
  for (;;) {
    const batch = await read(q, checkpoint, 2);
    if (batch.events.length === 0) return { seen, checkpoint };
    seen.push(...batch.events);
    checkpoint = batch.checkpoint;
  }
}

describe('appendEvents', () => {
  it('appends a batch in order with stream positions and returns them', async () => {
    const a = `a-${uid()}`;
    const b = `b-${uid()}`;
    const out = await appendEvents(db.pool, [ev(a, 1), ev(b, 2), ev(a, 3)]);
    expect(out.map((e) => [e.streamId, e.streamPosition])).toEqual([
      [a, 1],
      [b, 1],
      [a, 2],
    ]);
    expect(out[1]!.globalPosition).toBe(out[0]!.globalPosition + 1);
    const stored = await readStream(db.pool, a);
    expect(stored.map((e) => (e.data as { n: number }).n)).toEqual([1, 3]);
    expect(stored[0]!.eventId).toBe(out[0]!.eventId);
  });

  it('refuses a stale expected position with a conflict and writes nothing', async () => {
    const s = `s-${uid()}`;
    await appendEvents(db.pool, [ev(s)], { expected: { [s]: 0 } });
    await appendEvents(db.pool, [ev(s)], { expected: { [s]: 1 } });
    await expect(
      appendEvents(db.pool, [ev(s), ev(`other-${uid()}`)], { expected: { [s]: 1 } }),
    ).rejects.toBeInstanceOf(StreamConflictError);
    await expect(appendEvents(db.pool, [ev(s)], { expected: { [s]: 0 } })).rejects.toThrow(/expected 0/);
    expect(await readStream(db.pool, s)).toHaveLength(2);
  });

  it('lets exactly one of two concurrent writers with the same expectation win', async () => {
    const s = `race-${uid()}`;
    const results = await Promise.allSettled([
      appendEvents(db.pool, [ev(s, 1)], { expected: { [s]: 0 } }),
      appendEvents(db.pool, [ev(s, 2)], { expected: { [s]: 0 } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await readStream(db.pool, s)).toHaveLength(1);
  });

  it('notifies listeners when an append commits', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const woke = new Promise<void>((resolve) => void listenForAppends(client, resolve));
    await new Promise((r) => setTimeout(r, 50));
    await appendEvents(db.pool, [ev(`n-${uid()}`)]);
    await expect(woke).resolves.toBeUndefined();
    await client.end();
  });
});

describe('appendUnpositioned', () => {
  it('appends in the order given without stream positions, and leaves the stream numbering alone', async () => {
    const s = `mixed-${uid()}`;
    await appendEvents(db.pool, [ev(s, 1)], { expected: { [s]: 0 } });
    const out = await appendUnpositioned(db.pool, [ev(s, 2), ev(`other-${uid()}`, 3), ev(s, 4)]);
    expect(out.map((e) => e.streamPosition)).toEqual([null, null, null]);
    expect(out[1]!.globalPosition).toBeGreaterThan(out[0]!.globalPosition);
    expect(out[2]!.globalPosition).toBeGreaterThan(out[1]!.globalPosition);
    expect(new Set(out.map((e) => e.transactionId)).size).toBe(1);
    expect(await streamPosition(db.pool, s)).toBe(1);
    // The registry's optimistic concurrency does not see them: position 1 is still current.
    const [positioned] = await appendEvents(db.pool, [ev(s, 5)], { expected: { [s]: 1 } });
    expect(positioned!.streamPosition).toBe(2);
    const stored = await readStream(db.pool, s);
    expect(stored.map((e) => [(e.data as { n: number }).n, e.streamPosition])).toEqual([
      [1, 1],
      [2, null],
      [4, null],
      [5, 2],
    ]);
    expect(stored[1]).toMatchObject({ eventId: out[0]!.eventId, globalPosition: out[0]!.globalPosition });
    expect(stored[1]!.recordedAt).toEqual(out[0]!.recordedAt);
  });

  it('answers each event with its own global position under concurrent appends', async () => {
    const batches = await Promise.all(
      Array.from({ length: 6 }, (_, b) =>
        appendUnpositioned(
          db.pool,
          Array.from({ length: 300 }, (_, i) => ev(`c${i % 7}-${uid()}`, b * 1000 + i)),
        ),
      ),
    );
    const answered = batches.flat();
    const { rows } = await db.pool.query<{ event_id: string; global_position: number; n: number }>(
      `SELECT event_id, global_position, (data->>'n')::int AS n FROM events WHERE event_id = ANY($1::uuid[])`,
      [answered.map((a) => a.eventId)],
    );
    const stored = new Map(rows.map((r) => [r.event_id, r]));
    expect(stored.size).toBe(1800);
    batches.forEach((batch, b) =>
      batch.forEach((a, i) => {
        expect(stored.get(a.eventId)).toMatchObject({ global_position: a.globalPosition, n: b * 1000 + i });
      }),
    );
  });

  it('stores the data and metadata of each event exactly, shared metadata objects or not', async () => {
    const s = `exact-${uid()}`;
    const shared = { correlationId: 'r-1', note: 'quote " backslash \\ tab \t' };
    const tricky = { text: 'a"b\\c\nd\u0001 äö 😀 \\u0000', nested: { list: [1, null, 'x'] } };
    const events = [
      { streamId: s, type: 'A', data: tricky, metadata: shared },
      { streamId: s, type: 'B', data: [1, 2], metadata: shared },
      { streamId: s, type: 'C', data: 'plain', metadata: { other: true } },
      { streamId: s, type: 'D', data: 42 },
    ];
    await appendUnpositioned(db.pool, events);
    const stored = await readStream(db.pool, s);
    expect(stored.map((e) => [e.type, e.data, e.metadata])).toEqual(
      events.map((e) => [e.type, e.data, e.metadata ?? {}]),
    );
  });

  it('keeps an id given in upper case as PostgreSQL prints it', async () => {
    const id = '0190b6c5-7d2e-7abc-8def-0123456789ab';
    const [out] = await appendUnpositioned(db.pool, [{ ...ev(`u-${uid()}`), eventId: id.toUpperCase() }]);
    expect(out!.eventId).toBe(id);
  });

  it('writes nothing of a batch that fails (a repeated event id)', async () => {
    const s = `fail-${uid()}`;
    const id = randomUUID();
    await expect(
      appendUnpositioned(db.pool, [
        { ...ev(s, 1), eventId: id },
        { ...ev(s, 2), eventId: id },
      ]),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await readStream(db.pool, s)).toHaveLength(0);
  });

  it('notifies listeners when an append commits', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const woke = new Promise<void>((resolve) => void listenForAppends(client, resolve));
    await new Promise((r) => setTimeout(r, 50));
    await appendUnpositioned(db.pool, [ev(`n-${uid()}`)]);
    await expect(woke).resolves.toBeUndefined();
    await client.end();
  });

  it('appends nothing for no events', async () => {
    await expect(appendUnpositioned(db.pool, [])).resolves.toEqual([]);
  });
});

describe('readAll', () => {
  /**
   * T1 appends first (lower global_position) but commits after T2. A reader that polls in between must not move
   * past T1's event: it either waits for it (ours) or skips it for good (global_position alone).
   */
  async function outOfOrderCommit(read: typeof readAll, append: typeof appendUnpositioned = appendEvents) {
    const { checkpoint: from } = await readUntilEmpty(db.pool, START);
    const t1 = await db.pool.connect();
    try {
      await t1.query('BEGIN');
      const [early] = await append(t1, [ev(`late-${uid()}`)]);
      const [later] = await append(db.pool, [ev(`early-${uid()}`)]);
      const first = await readUntilEmpty(db.pool, from, read);
      await t1.query('COMMIT');
      // The xmin horizon is cluster-wide: a transaction open in another test file's database (files run in
      // parallel on one cluster) holds every reader back until it ends, so read until both events have come.
      const ids = first.seen.map((e) => e.eventId);
      let checkpoint = first.checkpoint;
      for (const deadline = Date.now() + 10_000; ids.length < 2 && Date.now() < deadline;) {
        const next = await readUntilEmpty(db.pool, checkpoint, read);
        ids.push(...next.seen.map((e) => e.eventId));
        checkpoint = next.checkpoint;
        if (!next.seen.length) await new Promise((r) => setTimeout(r, 20));
      }
      return { ids, early: early!.eventId, later: later!.eventId };
    } finally {
      t1.release();
    }
  }

  it.each([
    ['positioned', appendEvents],
    ['unpositioned', appendUnpositioned],
  ])('never skips a %s event whose transaction commits after a later one', async (_kind, append) => {
    const { ids, early, later } = await outOfOrderCommit(readAll, append);
    expect(ids).toEqual([early, later]);
  });

  it('(control) the same scenario loses the event when reading by global_position alone', async () => {
    const naiveSql = READ_ALL_SQL.replace(
      /AND transaction_id < pg_snapshot_xmin\(pg_current_snapshot\(\)\)/,
      '',
    );
    expect(naiveSql).not.toEqual(READ_ALL_SQL);
    const naive: typeof readAll = async (q, after, limit) => {
      const { rows } = await q.query<{ event_id: string; transaction_id: string; global_position: number }>(
        naiveSql,
        [after.transactionId, after.globalPosition, limit],
      );
      const events = rows.map((r) => ({
        eventId: r.event_id,
        transactionId: r.transaction_id,
        globalPosition: Number(r.global_position),
      })) as StoredEvent[];
      const last = events[events.length - 1];
      return {
        events,
        checkpoint: last ? { transactionId: last.transactionId, globalPosition: last.globalPosition } : after,
      };
    };
    const { ids, early } = await outOfOrderCommit(naive);
    expect(ids).not.toContain(early);
  });

  it('reads every event of concurrent writers committing in random order exactly once', async () => {
    const { checkpoint: from } = await readUntilEmpty(db.pool, START);
    const writers = Array.from({ length: 16 }, async (_, i) => {
      const c = await db.pool.connect();
      try {
        await c.query('BEGIN');
        // Half the writers append positioned events, half unpositioned: one commit-safe order for both.
        const append = i % 2 ? appendUnpositioned : appendEvents;
        const out = await append(c, [ev(`w${i}-${uid()}`, i), ev(`w${i}-${uid()}`, i)]);
        await new Promise((r) => setTimeout(r, Math.random() * 40));
        await c.query('COMMIT');
        return out.map((e) => e.eventId);
      } finally {
        c.release();
      }
    });
    const seen: string[] = [];
    let checkpoint = from;
    const done = Promise.all(writers);
    let finished = false;
    void done.then(() => (finished = true));
    for (;;) {
      // Decide on "done" before the read: a read that started before the last commit may still come back empty.
      const wasFinished = finished;
      const batch = await readAll(db.pool, checkpoint, 5);
      seen.push(...batch.events.map((e) => e.eventId));
      checkpoint = batch.checkpoint;
      if (batch.events.length === 0) await new Promise((r) => setTimeout(r, 2));
      if (wasFinished && batch.events.length === 0) break;
    }
    const written = (await done).flat();
    expect(seen.sort()).toEqual([...written].sort());
  });
});
