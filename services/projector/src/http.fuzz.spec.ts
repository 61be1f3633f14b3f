import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import {
  Figures,
  fuzz,
  param,
  prototypeKeys,
  requestsFor,
  sizes,
  timeoutMs,
} from '@vehicle-tracker/fault-suite';
import { createRegistry } from '@vehicle-tracker/service-kit';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { createApp } from './app';

/** The projector's only HTTP surface (/healthz, /readyz, /metrics, /status) under random and hostile requests. */
const figures = new Figures('fuzz: projector service');
let db: TestDatabase;
let server: Server;

beforeAll(async () => {
  db = await createTestDatabase();
  const app = createApp({
    db: db.pool,
    registry: createRegistry('projector'),
    logger: pino({ level: 'silent' }),
    replicaId: 'fuzz',
    isActive: () => false,
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.drop();
  figures.print();
});

it(
  'answers any request without a 5xx and keeps answering',
  async () => {
    const proto = prototypeKeys();
    const result = await fuzz(
      (server.address() as AddressInfo).port,
      requestsFor([
        { method: 'GET', path: ['', param('healthz', 'readyz', 'metrics', 'status')] },
        { method: 'HEAD', path: ['', param('healthz', 'readyz', 'metrics', 'status')] },
      ]),
      sizes.fuzzRequestsProjector,
    );
    figures.add('requests fuzzed', result.requests);
    figures.add('answers by status', JSON.stringify(result.statuses));
    expect(result.failures).toEqual([]);
    expect(prototypeKeys()).toEqual(proto);
    await request(server).get('/readyz').expect(200);
    const status = await request(server).get('/status').expect(200);
    expect(status.body).toMatchObject({ replica: 'fuzz', active: false });
  },
  timeoutMs(60_000, 600_000),
);
