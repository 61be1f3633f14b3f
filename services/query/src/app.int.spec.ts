import request from 'supertest';
import { createPool } from '@vehicle-tracker/db';
import { createLogger, createRegistry } from '@vehicle-tracker/service-kit';
import { createApp } from './app';
import { StreamHub } from './stream/hub';
import { AUTH_OFF, startTestApp, type TestApp } from './test-support/test-app';

describe('the query app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('serves an OpenAPI 3.1 document covering every route and parameter', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/api/v1/auth/login',
        '/api/v1/auth/logout',
        '/api/v1/auth/session',
        '/api/v1/customers',
        '/api/v1/openapi.json',
        '/api/v1/stream',
        '/api/v1/vehicles',
        '/api/v1/vehicles/{vin}',
        '/api/v1/vehicles/{vin}/history',
        '/healthz',
        '/metrics',
        '/readyz',
        '/search',
        '/search/ping',
      ].sort(),
    );
    const names = (path: string) =>
      res.body.paths[path].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(names('/api/v1/vehicles')).toEqual([
      'query:q',
      'query:customerId',
      'query:status',
      'query:sort',
      'query:order',
      'query:page',
      'query:pageSize',
      'query:asOf',
    ]);
    expect(names('/api/v1/vehicles/{vin}/history')).toEqual(['path:vin', 'query:from', 'query:to']);
    expect(names('/api/v1/stream')).toEqual([
      'query:customerId',
      'query:lastEventId',
      'header:Last-Event-ID',
    ]);
    expect(names('/search')).toEqual(['query:customer_name', 'query:online']);
    const pageSize = res.body.paths['/api/v1/vehicles'].get.parameters[6];
    expect(pageSize).toMatchObject({
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    });
    const summary = res.body.components.schemas.VehicleListResponse.properties.items.items;
    expect(summary.required).toEqual(
      expect.arrayContaining([
        'vin',
        'regNo',
        'customer',
        'status',
        'lastSeenAt',
        'statusSince',
        'offlineTimeoutSeconds',
      ]),
    );
    expect(
      res.body.paths['/api/v1/vehicles/{vin}'].get.responses['404'].content['application/problem+json'],
    ).toBeDefined();
  });

  it('answers health, readiness and metrics', async () => {
    expect((await request(t.app).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(t.app).get('/readyz').expect(200)).body).toEqual({ status: 'ready' });
    await request(t.app).get('/api/v1/customers').expect(200);
    const metrics = await request(t.app).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/query_sse_streams\{service="query"\} 0/);
    expect(metrics.text).toMatch(
      /query_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/customers"/,
    );
  });

  it('answers unknown routes 404 problem+json, with security headers', async () => {
    const res = await request(t.app).get('/api/v1/nothing').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers 503 with Retry-After when the database is unreachable', async () => {
    const logger = createLogger('query-test', 'silent');
    const db = createPool('postgres://nobody:secret@127.0.0.1:1/none'); // nothing listens on port 1
    const wake = { start: async () => undefined, stop: async () => undefined };
    const hub = new StreamHub({ db, wake, logger, keepaliveMs: 60_000, pollMs: 60_000 });
    const app = createApp({ db, hub, logger, registry: createRegistry('query'), auth: AUTH_OFF });
    try {
      for (const path of ['/api/v1/customers', '/api/v1/vehicles', '/search']) {
        const res = await request(app).get(path).expect(503);
        expect(res.headers['retry-after']).toBeDefined();
      }
      await request(app).get('/readyz').expect(503);
    } finally {
      await db.end();
    }
  });
});
