import request from 'supertest';
import { insertCustomer, insertVehicle, offline, online } from '../test-support/builders';
import { startTestApp, type TestApp } from '../test-support/test-app';

describe('GET /api/v1/customers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('lists every customer by name with the projector counters', async () => {
    const now = new Date();
    const bravo = await insertCustomer(t.db.pool, { name: 'bravo Frakt AB', address: 'B-gatan 2' });
    const alpha = await insertCustomer(t.db.pool, { name: 'Alpha Åkeri AB', address: 'A-gatan 1' });
    const base = { customerId: alpha.customerId, customerName: alpha.name };
    await insertVehicle(t.db.pool, { ...base, ...online(now) });
    await insertVehicle(t.db.pool, { ...base, ...offline(now) });
    await insertVehicle(t.db.pool, base);
    await insertVehicle(t.db.pool, { ...base, retiredAt: now });
    const res = await request(t.app).get('/api/v1/customers').expect(200);
    expect(res.body).toEqual({
      items: [
        {
          id: alpha.customerId,
          name: 'Alpha Åkeri AB',
          address: 'A-gatan 1',
          vehicleCount: 3,
          online: 1,
          offline: 2,
        },
        {
          id: bravo.customerId,
          name: 'bravo Frakt AB',
          address: 'B-gatan 2',
          vehicleCount: 0,
          online: 0,
          offline: 0,
        },
      ],
    });
  });
});
