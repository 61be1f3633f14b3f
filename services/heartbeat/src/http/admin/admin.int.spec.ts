import request from 'supertest';
import { CustomerRegistered, VehicleRegistered, streams } from '@vehicle-tracker/contracts';
import { hashToken } from '../../domain/tokens';
import {
  buildCustomer,
  createCustomer,
  createVehicle,
  randomRegNo,
  randomVin,
} from '../../test-support/builders';
import { startService, useService, admin, streamEvents } from '../../test-support/service';

const t = useService();

const api = () => request(t.svc.url);
const types = async (streamId: string) => (await streamEvents(t.db, streamId)).map((e) => e.type);

describe('admin auth', () => {
  it.each([undefined, 'Bearer wrong-admin-token-000000'])(
    'answers 401 to %s and writes nothing',
    async (auth) => {
      const req = api().post('/api/v1/admin/customers');
      if (auth) void req.set('Authorization', auth);
      const name = `Nobody ${randomVin()}`;
      const res = await req.send({ name }).expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const { rows } = await t.db.pool.query('SELECT 1 FROM write_customers WHERE name = $1', [name]);
      expect(rows).toHaveLength(0);
    },
  );
});

describe('customers', () => {
  it('registers a customer: 201, CustomerRegistered with metadata, listed', async () => {
    const body = buildCustomer();
    const res = await api()
      .post('/api/v1/admin/customers')
      .set(admin)
      .set('X-Request-Id', 'req-c-1')
      .send(body)
      .expect(201);
    expect(res.body).toMatchObject({ ...body, timeoutSeconds: null, vehicleCount: 0 });
    expect(res.headers.location).toBe(`/api/v1/admin/customers/${res.body.customerId}`);
    const [event] = await streamEvents(t.db, streams.customer(res.body.customerId));
    const parsed = CustomerRegistered.parse({
      type: event!.type,
      data: event!.data,
      metadata: event!.metadata,
    });
    expect(parsed.data).toEqual({ customerId: res.body.customerId, ...body });
    expect(parsed.metadata).toMatchObject({ correlationId: 'req-c-1', source: 'admin-api' });
    const list = await api().get('/api/v1/admin/customers').set(admin).expect(200);
    expect(list.body.customers.map((c: { customerId: string }) => c.customerId)).toContain(
      res.body.customerId,
    );
    await api().get(`/api/v1/admin/customers/${res.body.customerId}`).set(admin).expect(200);
  });

  it('refuses a second customer with the same name (case-insensitive, trimmed): 409, one event', async () => {
    const first = await createCustomer(t.svc.url);
    const res = await api()
      .post('/api/v1/admin/customers')
      .set(admin)
      .send({ name: `  ${first.name.toUpperCase()} ` })
      .expect(409);
    expect(res.body.detail).toMatch(/already exists/);
    const { rows } = await t.db.pool.query(
      "SELECT count(*)::int AS n FROM events WHERE type = 'CustomerRegistered' AND lower(data->>'name') = lower($1)",
      [first.name],
    );
    expect(rows[0].n).toBe(1);
  });

  it('lets only one of two concurrent creates of one name win', async () => {
    const body = buildCustomer();
    const results = await Promise.all(
      [1, 2, 3].map(() => api().post('/api/v1/admin/customers').set(admin).send(body)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const { rows } = await t.db.pool.query(
      "SELECT count(*)::int AS n FROM events WHERE type = 'CustomerRegistered' AND data->>'name' = $1",
      [body.name],
    );
    expect(rows[0].n).toBe(1);
  });

  it('renames, re-addresses and sets the offline timeout with events', async () => {
    const c = await createCustomer(t.svc.url);
    const renamed = `Renamed ${randomVin()}`;
    const patched = await api()
      .patch(`/api/v1/admin/customers/${c.customerId}`)
      .set(admin)
      .send({ name: renamed })
      .expect(200);
    expect(patched.body.name).toBe(renamed);
    await api()
      .put(`/api/v1/admin/customers/${c.customerId}/offline-timeout`)
      .set(admin)
      .send({ timeoutSeconds: 300 })
      .expect(200);
    const cleared = await api()
      .put(`/api/v1/admin/customers/${c.customerId}/offline-timeout`)
      .set(admin)
      .send({ timeoutSeconds: null })
      .expect(200);
    expect(cleared.body.timeoutSeconds).toBeNull();
    const events = await streamEvents(t.db, streams.customer(c.customerId));
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['CustomerRegistered', expect.anything()],
      [
        'CustomerUpdated',
        { customerId: c.customerId, name: renamed, address: 'Testvägen 1, 111 11 Stockholm' },
      ],
      ['CustomerOfflineTimeoutSet', { customerId: c.customerId, timeoutSeconds: 300 }],
      ['CustomerOfflineTimeoutSet', { customerId: c.customerId, timeoutSeconds: null }],
    ]);
  });

  it('answers bad input 400 and unknown ids 404, writing nothing', async () => {
    const c = await createCustomer(t.svc.url);
    await api().post('/api/v1/admin/customers').set(admin).send({ name: '' }).expect(400);
    await api()
      .put(`/api/v1/admin/customers/${c.customerId}/offline-timeout`)
      .set(admin)
      .send({ timeoutSeconds: 0 })
      .expect(400);
    await api().patch(`/api/v1/admin/customers/${c.customerId}`).set(admin).send({}).expect(400);
    await api().patch('/api/v1/admin/customers/not-a-uuid').set(admin).send({ name: 'x' }).expect(400);
    await api()
      .patch(`/api/v1/admin/customers/${crypto.randomUUID()}`)
      .set(admin)
      .send({ name: 'x' })
      .expect(404);
    await api()
      .post('/api/v1/admin/customers')
      .set(admin)
      .set('Content-Type', 'text/plain')
      .send('name=x')
      .expect(415);
    await api()
      .post('/api/v1/admin/customers')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(await types(streams.customer(c.customerId))).toEqual(['CustomerRegistered']);
  });
});

describe('vehicles', () => {
  it('registers a vehicle: token shown once, only its hash stored, VIN upper-cased', async () => {
    const c = await createCustomer(t.svc.url);
    const vin = randomVin();
    const regNo = randomRegNo();
    const res = await api()
      .post('/api/v1/admin/vehicles')
      .set(admin)
      .send({ vin: vin.toLowerCase(), regNo, customerId: c.customerId })
      .expect(201);
    expect(res.body).toMatchObject({
      vin,
      regNo,
      customerId: c.customerId,
      retiredAt: null,
      token: expect.any(String),
    });
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [event] = await streamEvents(t.db, streams.vehicle(vin));
    const parsed = VehicleRegistered.parse({
      type: event!.type,
      data: event!.data,
      metadata: event!.metadata,
    });
    expect(parsed.data).toEqual({
      vin,
      regNo,
      customerId: c.customerId,
      tokenHash: hashToken(res.body.token),
    });
    expect(JSON.stringify(event)).not.toContain(res.body.token);
    const got = await api().get(`/api/v1/admin/vehicles/${vin.toLowerCase()}`).set(admin).expect(200);
    expect(got.body).not.toHaveProperty('token');
    expect(JSON.stringify(got.body)).not.toContain(parsed.data.tokenHash);
    const list = await api().get(`/api/v1/admin/vehicles?customerId=${c.customerId}`).set(admin).expect(200);
    expect(list.body.vehicles.map((v: { vin: string }) => v.vin)).toEqual([vin]);
  });

  it('refuses a duplicate VIN (409), an unknown customer (422), a malformed VIN (400)', async () => {
    const v = await createVehicle(t.svc.url);
    await api()
      .post('/api/v1/admin/vehicles')
      .set(admin)
      .send({ vin: v.vin, regNo: 'X1', customerId: v.customerId })
      .expect(409);
    const vin = randomVin();
    await api()
      .post('/api/v1/admin/vehicles')
      .set(admin)
      .send({ vin, regNo: 'X1', customerId: crypto.randomUUID() })
      .expect(422);
    await api()
      .post('/api/v1/admin/vehicles')
      .set(admin)
      .send({ vin: 'IOQ', regNo: 'X1', customerId: v.customerId })
      .expect(400);
    await api().get('/api/v1/admin/vehicles/IOQ').set(admin).expect(400);
    await api().get(`/api/v1/admin/vehicles/${vin}`).set(admin).expect(404);
    expect(await types(streams.vehicle(v.vin))).toEqual(['VehicleRegistered']);
    expect(await types(streams.vehicle(vin))).toEqual([]);
  });

  it('lets exactly one of concurrent registrations of one VIN win', async () => {
    const c = await createCustomer(t.svc.url);
    const vin = randomVin();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        api().post('/api/v1/admin/vehicles').set(admin).send({ vin, regNo: 'R1', customerId: c.customerId }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await types(streams.vehicle(vin))).toEqual(['VehicleRegistered']);
  });

  it('transfers a vehicle to another customer', async () => {
    const v = await createVehicle(t.svc.url);
    const to = await createCustomer(t.svc.url);
    const res = await api()
      .post(`/api/v1/admin/vehicles/${v.vin}/transfer`)
      .set(admin)
      .send({ customerId: to.customerId })
      .expect(200);
    expect(res.body.customerId).toBe(to.customerId);
    const events = await streamEvents(t.db, streams.vehicle(v.vin));
    expect(events[1]).toMatchObject({
      type: 'VehicleTransferred',
      data: { vin: v.vin, fromCustomerId: v.customerId, toCustomerId: to.customerId },
    });
    await api()
      .post(`/api/v1/admin/vehicles/${v.vin}/transfer`)
      .set(admin)
      .send({ customerId: crypto.randomUUID() })
      .expect(422);
  });

  it('sets and clears the vehicle offline timeout', async () => {
    const v = await createVehicle(t.svc.url);
    const res = await api()
      .put(`/api/v1/admin/vehicles/${v.vin}/offline-timeout`)
      .set(admin)
      .send({ timeoutSeconds: 120 })
      .expect(200);
    expect(res.body.timeoutSeconds).toBe(120);
    await api()
      .put(`/api/v1/admin/vehicles/${v.vin}/offline-timeout`)
      .set(admin)
      .send({ timeoutSeconds: null })
      .expect(200);
    const events = await streamEvents(t.db, streams.vehicle(v.vin));
    expect(events.slice(1).map((e) => e.data)).toEqual([
      { vin: v.vin, timeoutSeconds: 120 },
      { vin: v.vin, timeoutSeconds: null },
    ]);
  });

  it('retires a vehicle once (a repeat changes nothing); a retired vehicle cannot be changed', async () => {
    const v = await createVehicle(t.svc.url);
    const res = await api()
      .post(`/api/v1/admin/vehicles/${v.vin}/retire`)
      .set(admin)
      .send({ reason: 'scrapped' })
      .expect(200);
    expect(res.body.retiredAt).not.toBeNull();
    await api().post(`/api/v1/admin/vehicles/${v.vin}/retire`).set(admin).expect(200);
    await api().post(`/api/v1/admin/vehicles/${v.vin}/token`).set(admin).expect(409);
    await api()
      .put(`/api/v1/admin/vehicles/${v.vin}/offline-timeout`)
      .set(admin)
      .send({ timeoutSeconds: 5 })
      .expect(409);
    const events = await streamEvents(t.db, streams.vehicle(v.vin));
    expect(events.map((e) => e.type)).toEqual(['VehicleRegistered', 'VehicleRetired']);
    expect(events[1]!.data).toEqual({ vin: v.vin, reason: 'scrapped' });
  });

  it('rotates the token: the new one works at once, the old one is refused', async () => {
    const v = await createVehicle(t.svc.url);
    await api().post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth).expect(202);
    const res = await api().post(`/api/v1/admin/vehicles/${v.vin}/token`).set(admin).expect(200);
    expect(res.body.token).not.toBe(v.token);
    await api().post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth).expect(401);
    await api()
      .post(`/api/v1/vehicles/${v.vin}/heartbeats`)
      .set('Authorization', `Bearer ${res.body.token}`)
      .expect(202);
    const events = await streamEvents(t.db, streams.vehicle(v.vin));
    expect(events.map((e) => e.type)).toEqual([
      'VehicleRegistered',
      'HeartbeatRecorded',
      'VehicleTokenRotated',
      'HeartbeatRecorded',
    ]);
    expect(events[2]!.data).toEqual({ vin: v.vin, tokenHash: hashToken(res.body.token) });
  });

  it('makes a rotation effective on another replica promptly (LISTEN credentials_changed)', async () => {
    const replica = await startService(t.db);
    try {
      const v = await createVehicle(t.svc.url);
      await request(replica.url).post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth).expect(202); // now cached there
      await api().post(`/api/v1/admin/vehicles/${v.vin}/token`).set(admin).expect(200);
      const deadline = Date.now() + 2000;
      let status = 0;
      while (Date.now() < deadline && status !== 401) {
        status = (await request(replica.url).post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth)).status;
        if (status !== 401) await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(401);
    } finally {
      await replica.close();
    }
  });
});

describe('gateways', () => {
  it('registers a gateway (token once) and rotates its token', async () => {
    const res = await api()
      .post('/api/v1/admin/gateways')
      .set(admin)
      .send({ name: 'Depot gateway' })
      .expect(201);
    expect(res.body).toMatchObject({
      gatewayId: expect.any(String),
      name: 'Depot gateway',
      token: expect.any(String),
    });
    const rotated = await api()
      .post(`/api/v1/admin/gateways/${res.body.gatewayId}/token`)
      .set(admin)
      .expect(200);
    const events = await streamEvents(t.db, streams.gateway(res.body.gatewayId));
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'GatewayRegistered',
        { gatewayId: res.body.gatewayId, name: 'Depot gateway', tokenHash: hashToken(res.body.token) },
      ],
      ['GatewayTokenRotated', { gatewayId: res.body.gatewayId, tokenHash: hashToken(rotated.body.token) }],
    ]);
    await api().post(`/api/v1/admin/gateways/${crypto.randomUUID()}/token`).set(admin).expect(404);
  });
});
