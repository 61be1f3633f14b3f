import pino from 'pino';
import request from 'supertest';
import { createRegistry } from '@vehicle-tracker/service-kit';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { createApp } from './app';

let db: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = createApp({
    db: db.pool,
    registry: createRegistry('projector'),
    logger: pino({ level: 'silent' }),
    replicaId: 'headers',
    isActive: () => true,
  });
});
afterAll(() => db.drop());

const expectHelmet = (res: request.Response) => {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
  expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
  expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  expect(res.headers['x-powered-by']).toBeUndefined();
};

describe('projector HTTP', () => {
  it('answers /status with the replica and the projections, with helmet headers', async () => {
    const res = await request(app).get('/status').expect(200);
    expect(res.body).toEqual({ replica: 'headers', active: true, projections: [] });
    expectHelmet(res);
  });

  it('helmet headers on the health routes and on a problem answer too', async () => {
    expectHelmet(await request(app).get('/healthz').expect(200));
    const missing = await request(app).get('/nope').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expectHelmet(missing);
  });
});
