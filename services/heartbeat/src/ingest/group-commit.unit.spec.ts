import type { AppendedEvent, NewEvent } from '@vehicle-tracker/event-store';
import { GroupCommitter } from './group-commit';

let position = 0;
const appended = (e: NewEvent): AppendedEvent => ({
  eventId: e.eventId!,
  globalPosition: ++position,
  streamId: e.streamId,
  streamPosition: 1,
  transactionId: '1',
  recordedAt: new Date(),
});
const ev = (i: number) => ({ eventId: `e${i}`, streamId: `s${i}`, type: 'T', data: {} });

describe('GroupCommitter', () => {
  it('appends concurrent submissions together and answers each with its own row', async () => {
    const batches: number[] = [];
    const gc = new GroupCommitter({
      append: async (events) => (batches.push(events.length), events.map(appended)),
      windowMs: 5,
      maxBatch: 100,
      concurrency: 1,
      maxQueued: 1000,
    });
    const out = await Promise.all([0, 1, 2, 3, 4].map((i) => gc.submit(ev(i))));
    expect(batches).toEqual([5]);
    expect(out.map((a) => a.eventId)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
  });

  it('sends a full batch at once and splits at maxBatch', async () => {
    const batches: number[] = [];
    const gc = new GroupCommitter({
      append: async (events) => (batches.push(events.length), events.map(appended)),
      windowMs: 10_000,
      maxBatch: 3,
      concurrency: 2,
      maxQueued: 1000,
    });
    const all = Promise.all([0, 1, 2, 3, 4, 5].map((i) => gc.submit(ev(i))));
    await expect(all).resolves.toHaveLength(6);
    expect(batches).toEqual([3, 3]);
  });

  it('fails every submission of a failed batch and refuses beyond maxQueued; flush waits for the rest', async () => {
    let fail = true;
    const gc = new GroupCommitter({
      append: async (events) => {
        if (fail) throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
        return events.map(appended);
      },
      windowMs: 1,
      maxBatch: 10,
      concurrency: 1,
      maxQueued: 2,
    });
    const a = gc.submit(ev(1));
    const b = gc.submit(ev(2));
    await expect(gc.submit(ev(3))).rejects.toMatchObject({ status: 503 });
    await expect(a).rejects.toThrow('down');
    await expect(b).rejects.toThrow('down');
    fail = false;
    const c = gc.submit(ev(4));
    await gc.flush();
    await expect(c).resolves.toMatchObject({ eventId: 'e4' });
  });

  it('appends a submission of many events whole, in order, together with single ones up to maxBatch', async () => {
    const batches: string[][] = [];
    const gc = new GroupCommitter({
      append: async (events) => (batches.push(events.map((e) => e.eventId)), events.map(appended)),
      windowMs: 5,
      maxBatch: 4,
      concurrency: 1,
      maxQueued: 1000,
    });
    const single = gc.submit(ev(0));
    const many = gc.submitAll([ev(1), ev(2), ev(3)]);
    const larger = gc.submitAll([4, 5, 6, 7, 8].map(ev));
    const last = gc.submit(ev(9));
    expect((await many).map((a) => a.eventId)).toEqual(['e1', 'e2', 'e3']);
    expect((await larger).map((a) => a.eventId)).toEqual(['e4', 'e5', 'e6', 'e7', 'e8']);
    await expect(single).resolves.toMatchObject({ eventId: 'e0' });
    await expect(last).resolves.toMatchObject({ eventId: 'e9' });
    // A submission larger than maxBatch goes alone and whole; the others share appends up to maxBatch.
    expect(batches).toEqual([['e0', 'e1', 'e2', 'e3'], ['e4', 'e5', 'e6', 'e7', 'e8'], ['e9']]);
    await expect(gc.submitAll([])).resolves.toEqual([]);
  });

  it('fails a batch whose append answers other events than it was given', async () => {
    const gc = new GroupCommitter({
      append: async (events) => events.slice(1).map(appended),
      windowMs: 1,
      maxBatch: 10,
      concurrency: 1,
      maxQueued: 100,
    });
    await expect(gc.submitAll([ev(1), ev(2)])).rejects.toThrow(/does not match/);
  });
});
