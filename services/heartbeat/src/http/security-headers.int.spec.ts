import request from 'supertest';
import { createVehicle } from '../test-support/builders';
import { admin, useService } from '../test-support/service';

const t = useService();

const expectApiHeaders = (res: request.Response) => {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-powered-by']).toBeUndefined();
};

describe('security headers', () => {
  it('helmet on the express routes (admin API, gateway batches), no-store on every API answer', async () => {
    const res = await request(t.svc.url).get('/api/v1/admin/customers').set(admin).expect(200);
    expectApiHeaders(res);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    const refused = await request(t.svc.url).post('/api/v1/heartbeats').send({ heartbeats: [] }).expect(401);
    expectApiHeaders(refused);
    expect(refused.headers['content-security-policy']).toBeDefined();
  });

  it('nosniff and no-store on the fast path: accepted, refused and ping', async () => {
    const v = await createVehicle(t.svc.url);
    expectApiHeaders(
      await request(t.svc.url).post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth).expect(202),
    );
    expectApiHeaders(await request(t.svc.url).post(`/heartbeat/${v.vin}`).set(v.auth).expect(200));
    expectApiHeaders(await request(t.svc.url).post(`/api/v1/vehicles/${v.vin}/heartbeats`).expect(401));
    expectApiHeaders(await request(t.svc.url).get('/heartbeat/ping').expect(200));
  });
});
