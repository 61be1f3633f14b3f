import pino from 'pino';
import request from 'supertest';
import { fuzzService, param, sizes, timeoutMs } from '@vehicle-tracker/fault-suite';
import { createRegistry } from '@vehicle-tracker/service-kit';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { createApp } from './app';

/** The projector's only HTTP surface (/healthz, /readyz, /metrics, /status) under random and hostile requests. */
let db: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = createApp({
    db: db.pool,
    registry: createRegistry('projector'),
    logger: pino({ level: 'silent' }),
    replicaId: 'fuzz',
    isActive: () => false,
  });
});
afterAll(() => db.drop());

fuzzService({
  title: 'fuzz: projector service',
  promise: 'answers any request without a 5xx and keeps answering',
  target: () => app,
  routes: () => [
    { method: 'GET', path: ['', param('healthz', 'readyz', 'metrics', 'status')] },
    { method: 'HEAD', path: ['', param('healthz', 'readyz', 'metrics', 'status')] },
  ],
  requests: sizes.fuzzRequestsProjector,
  timeoutMs: timeoutMs(60_000, 600_000),
  after: async () => {
    await request(app).get('/readyz').expect(200);
    const status = await request(app).get('/status').expect(200);
    expect(status.body).toMatchObject({ replica: 'fuzz', active: false });
  },
});
