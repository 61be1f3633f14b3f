import request from 'supertest';
import { QueryConfig } from '../config';
import { startTestApp, type TestApp } from '../test-support/test-app';

const DASHBOARD = 'https://fleet.example.com';
const env = { DATABASE_URL: 'postgres://u@h/db' };

describe('CORS', () => {
  describe('closed by default', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.stop());

    it('sends no CORS headers, to a simple request or a preflight', async () => {
      const get = await request(t.app).get('/api/v1/customers').set('Origin', DASHBOARD);
      expect(get.status).toBe(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(t.app)
        .options('/api/v1/vehicles')
        .set('Origin', DASHBOARD)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ corsOrigins: [DASHBOARD] });
    });
    afterAll(() => t.stop());

    it('lets the listed origin read, with credentials and the Authorization header', async () => {
      const preflight = await request(t.app)
        .options('/api/v1/vehicles')
        .set('Origin', DASHBOARD)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(DASHBOARD);
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
      const get = await request(t.app).get('/api/v1/customers').set('Origin', DASHBOARD);
      expect(get.headers['access-control-allow-origin']).toBe(DASHBOARD);
    });

    it('keeps every other origin out', async () => {
      for (const origin of ['https://evil.example.com', 'https://fleet.example.com.evil.test', 'null']) {
        const get = await request(t.app).get('/api/v1/customers').set('Origin', origin);
        expect(get.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  it('CORS_ORIGINS takes exact origins, and refuses paths or other schemes by name', () => {
    expect(QueryConfig.parse({ ...env }).CORS_ORIGINS).toEqual([]);
    expect(
      QueryConfig.parse({ ...env, CORS_ORIGINS: `${DASHBOARD}, http://127.0.0.1:4200` }).CORS_ORIGINS,
    ).toEqual([DASHBOARD, 'http://127.0.0.1:4200']);
    for (const bad of [`${DASHBOARD}/app`, 'ftp://x.example.com', '*'])
      expect(QueryConfig.safeParse({ ...env, CORS_ORIGINS: bad }).success).toBe(false);
  });
});
