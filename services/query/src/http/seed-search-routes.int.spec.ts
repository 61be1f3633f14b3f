import request from 'supertest';
import { offline, online } from '../test-support/builders';
import { insertSeedFleet } from '../test-support/seed-fleet';
import { startTestApp, type TestApp } from '../test-support/test-app';

const NOW = new Date();

describe('seed-compatible GET /search', () => {
  let t: TestApp;
  let customers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    // Kalles: 2 online, 1 offline. Bulk: 1 online, 1 never seen. Värdetransporter: 2 offline.
    ({ customers } = await insertSeedFleet(t.db.pool, {
      YS2R4X20005399401: online(NOW),
      VLUR4X20009093588: online(NOW),
      VLUR4X20009048066: offline(NOW),
      YS2R4X20005388011: online(NOW),
      YS2R4X20005387765: offline(NOW),
      YS2R4X20005387055: offline(NOW),
    }));
  });
  afterAll(() => t.stop());

  const ids = (body: { id: string }[]) => body.map((v) => v.id).sort();

  it('answers the ping', async () => {
    const res = await request(t.app).get('/search/ping').expect(200);
    expect(res.body).toEqual({ message: 'pong' });
  });

  it('lists every vehicle without a filter, in the seed shape', async () => {
    const res = await request(t.app).get('/search').expect(200);
    expect(res.body).toHaveLength(7);
    const v = res.body.find((x: { id: string }) => x.id === 'YS2R4X20005399401');
    expect(v).toEqual({
      id: 'YS2R4X20005399401',
      reg_no: 'ABC123',
      heartbeat_ts: expect.any(String),
      online: true,
      customer: {
        id: customers['Kalles Grustransporter AB'],
        name: 'Kalles Grustransporter AB',
        address: 'Cementvägen 8, 111 11 Södertälje',
      },
    });
    const never = res.body.find((x: { id: string }) => x.id === 'YS2R4X20005387949');
    expect(never).toMatchObject({ heartbeat_ts: null, online: false });
  });

  it.each([
    ['kalles', 3],
    ['Bulk', 2],
    ['Värdetransporter', 2],
    ['värdetransporter', 2],
    ['VÄRDETRANSPORTER', 2],
    ['AB', 7],
    ['nobody', 0],
  ])('customer_name=%s gives %i vehicles', async (name, count) => {
    const res = await request(t.app).get('/search').query({ customer_name: name }).expect(200);
    expect(res.body).toHaveLength(count);
  });

  it.each([
    [{ online: 'true' }, ['VLUR4X20009093588', 'YS2R4X20005388011', 'YS2R4X20005399401']],
    [
      { online: 'false' },
      ['VLUR4X20009048066', 'YS2R4X20005387055', 'YS2R4X20005387765', 'YS2R4X20005387949'],
    ],
    [{ customer_name: 'kalles', online: 'true' }, ['VLUR4X20009093588', 'YS2R4X20005399401']],
    [{ customer_name: 'kalles', online: 'false' }, ['VLUR4X20009048066']],
    [{ customer_name: 'bulk', online: 'true' }, ['YS2R4X20005388011']],
    [{ customer_name: 'bulk', online: 'false' }, ['YS2R4X20005387949']],
    [{ customer_name: 'värde', online: 'true' }, []],
    [{ customer_name: 'värde', online: 'false' }, ['YS2R4X20005387055', 'YS2R4X20005387765']],
  ])('filters %j', async (query, expected) => {
    const res = await request(t.app).get('/search').query(query).expect(200);
    expect(ids(res.body)).toEqual(expected);
    for (const v of res.body) expect(v.online).toBe(query.online === 'true');
  });

  it('answers 400 naming online for a value other than true or false', async () => {
    const res = await request(t.app).get('/search?online=yes').expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors[0].path).toBe('query.online');
  });
});
