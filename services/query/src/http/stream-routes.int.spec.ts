import type http from 'node:http';
import request from 'supertest';
import {
  insertCustomer,
  insertStatusChange,
  insertVehicle,
  online,
  type TestCustomer,
} from '../test-support/builders';
import { openStream, type SseReader } from '../test-support/sse-reader';
import { startTestApp, type TestApp } from '../test-support/test-app';

describe('GET /api/v1/stream', () => {
  let t: TestApp;
  let server: http.Server;
  let alpha: TestCustomer;
  let bravo: TestCustomer;
  const readers: SseReader[] = [];

  beforeAll(async () => {
    t = await startTestApp({ keepaliveMs: 100, pollMs: 60_000 });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    alpha = await insertCustomer(t.db.pool, { name: 'Alpha Stream AB' });
    bravo = await insertCustomer(t.db.pool, { name: 'Bravo Stream AB' });
    await insertVehicle(t.db.pool, {
      customerId: alpha.customerId,
      customerName: alpha.name,
      ...online(new Date()),
    });
    await insertVehicle(t.db.pool, { customerId: alpha.customerId, customerName: alpha.name });
    await insertVehicle(t.db.pool, { customerId: bravo.customerId, customerName: bravo.name });
  });
  afterEach(() => {
    for (const r of readers.splice(0)) r.close();
  });
  afterAll(async () => {
    await t.hub.stop();
    await new Promise((resolve) => server.close(resolve));
    await t.stop();
  });

  const open = async (path = '/api/v1/stream', headers: Record<string, string> = {}) => {
    const reader = await openStream(server, path, headers);
    readers.push(reader);
    return reader;
  };
  const change = (c: TestCustomer, status: 'online' | 'offline' = 'offline', notify = true) =>
    insertStatusChange(
      t.db.pool,
      { vin: 'STREAMAAAAAAAAAA1', customerId: c.customerId, status, at: new Date('2026-11-25T10:00:00Z') },
      notify,
    );
  const isStatus = (id: number) => (m: { event?: string; id?: string }) =>
    m.event === 'status' && m.id === String(id);

  it('opens with retry, no-buffering headers and the counts', async () => {
    const s = await open();
    expect(s.response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(s.response.headers['cache-control']).toMatch(/no-cache/);
    expect(s.response.headers['x-accel-buffering']).toBe('no');
    const counts = await s.next((m) => m.event === 'counts');
    expect(s.messages[0]).toEqual({ retry: '3000' });
    expect(counts.id).toBeUndefined();
    const data = JSON.parse(counts.data!);
    expect(data).toMatchObject({ online: 1, offline: 2, total: 3 });
    expect(data.customers).toEqual(
      expect.arrayContaining([
        { id: alpha.customerId, online: 1, offline: 1, vehicleCount: 2 },
        { id: bravo.customerId, online: 0, offline: 1, vehicleCount: 1 },
      ]),
    );
  });

  it('delivers a status change within 1 s, then fresh counts', async () => {
    const s = await open();
    await s.next((m) => m.event === 'counts');
    const seen = s.messages.length;
    const started = Date.now();
    const id = await change(alpha, 'online');
    const event = await s.next(isStatus(id), 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(JSON.parse(event.data!)).toEqual({
      vin: 'STREAMAAAAAAAAAA1',
      customerId: alpha.customerId,
      status: 'online',
      at: '2026-11-25T10:00:00.000Z',
      lastSeenAt: null,
    });
    await s.next((m) => m.event === 'counts', 1_000, seen);
  });

  it('fans one change out to many streams and filters by customer', async () => {
    const all = await Promise.all(Array.from({ length: 25 }, () => open()));
    const onlyBravo = await open(`/api/v1/stream?customerId=${bravo.customerId}`);
    const first = await onlyBravo.next((m) => m.event === 'counts');
    expect(JSON.parse(first.data!)).toEqual({
      online: 0,
      offline: 1,
      total: 1,
      customers: [{ id: bravo.customerId, online: 0, offline: 1, vehicleCount: 1 }],
    });
    for (const s of all) await s.next((m) => m.event === 'counts');
    const alphaId = await change(alpha);
    const bravoId = await change(bravo);
    for (const s of all) {
      await s.next(isStatus(alphaId), 1_000);
      await s.next(isStatus(bravoId), 1_000);
    }
    await onlyBravo.next(isStatus(bravoId), 1_000);
    expect(onlyBravo.messages.filter((m) => m.event === 'status').map((m) => m.id)).toEqual([
      String(bravoId),
    ]);
  });

  it('resumes after Last-Event-ID (header or parameter), replaying in order before going live', async () => {
    const a = await change(alpha);
    const b = await change(bravo);
    const c = await change(alpha);
    const byHeader = await open('/api/v1/stream', { 'Last-Event-ID': String(a) });
    const byParam = await open(`/api/v1/stream?lastEventId=${a}&customerId=${alpha.customerId}`);
    await byHeader.next(isStatus(c));
    await byParam.next(isStatus(c));
    const ids = (s: SseReader) => s.messages.filter((m) => m.event === 'status').map((m) => Number(m.id));
    expect(ids(byHeader)).toEqual([b, c]);
    expect(ids(byParam)).toEqual([c]);
    const d = await change(alpha);
    await byHeader.next(isStatus(d), 1_000);
    expect(ids(byHeader)).toEqual([b, c, d]);
  });

  it('tells a client resuming from a pruned event to reset', async () => {
    const old = await change(alpha);
    await change(alpha);
    await t.db.pool.query('DELETE FROM status_changes WHERE id <= $1', [old]);
    const s = await open('/api/v1/stream', { 'Last-Event-ID': String(old - 1) });
    await s.next((m) => m.event === 'reset');
    await s.next((m) => m.event === 'counts');
  });

  it('tells a client resuming from an id it never sent to reset', async () => {
    const s = await open('/api/v1/stream?lastEventId=999999999');
    await s.next((m) => m.event === 'reset');
  });

  it('sends keepalive comments', async () => {
    const s = await open();
    await s.next((m) => m.comment === 'keepalive', 1_000);
  });

  it.each([
    ['/api/v1/stream?customerId=nope', {}, 'query.customerId'],
    ['/api/v1/stream?lastEventId=abc', {}, 'query.lastEventId'],
    ['/api/v1/stream', { 'Last-Event-ID': 'x1' }, 'header.last-event-id'],
  ])('answers 400 for %s %j', async (path, headers, param) => {
    const res = await request(t.app).get(path).set(headers).expect(400);
    expect(res.body.errors[0].path).toBe(param);
  });
});
