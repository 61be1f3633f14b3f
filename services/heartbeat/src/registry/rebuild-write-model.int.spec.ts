import request from 'supertest';
import { createCustomer, createVehicle } from '../test-support/builders';
import { useService, admin } from '../test-support/service';
import { rebuildWriteModel } from './rebuild-write-model';

const t = useService();

const snapshot = async () => ({
  customers: (await t.db.pool.query('SELECT * FROM write_customers ORDER BY customer_id')).rows,
  vehicles: (await t.db.pool.query('SELECT * FROM write_vehicles ORDER BY vin')).rows,
  gateways: (await t.db.pool.query('SELECT * FROM write_gateways ORDER BY gateway_id')).rows,
});

it('rebuilds the write-side tables from the log to exactly what the commands left', async () => {
  const a = await createVehicle(t.svc.url);
  const b = await createVehicle(t.svc.url);
  const to = await createCustomer(t.svc.url);
  const api = request(t.svc.url);
  await api.post(`/api/v1/vehicles/${a.vin}/heartbeats`).set(a.auth).expect(202);
  await api
    .post(`/api/v1/admin/vehicles/${a.vin}/transfer`)
    .set(admin)
    .send({ customerId: to.customerId })
    .expect(200);
  await api.post(`/api/v1/admin/vehicles/${a.vin}/token`).set(admin).expect(200);
  await api
    .put(`/api/v1/admin/vehicles/${b.vin}/offline-timeout`)
    .set(admin)
    .send({ timeoutSeconds: 90 })
    .expect(200);
  await api.post(`/api/v1/admin/vehicles/${b.vin}/retire`).set(admin).expect(200);
  await api
    .patch(`/api/v1/admin/customers/${to.customerId}`)
    .set(admin)
    .send({ address: 'Ny väg 2' })
    .expect(200);
  await api
    .put(`/api/v1/admin/customers/${to.customerId}/offline-timeout`)
    .set(admin)
    .send({ timeoutSeconds: 300 })
    .expect(200);
  await api.post('/api/v1/admin/gateways').set(admin).send({ name: 'gw' }).expect(201);
  const before = await snapshot();
  expect(before.vehicles).toHaveLength(2);

  await t.db.pool.query('TRUNCATE write_vehicles, write_gateways, write_customers');
  expect(await rebuildWriteModel(t.db.pool, 3)).toBe(12);
  expect(await snapshot()).toEqual(before);
});
