import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { streams } from '@vehicle-tracker/contracts';
import { hashToken } from '../domain/tokens';
import { createCustomer, createVehicle, randomVin } from '../test-support/builders';
import { useService, admin, countEvents, streamEvents } from '../test-support/service';
import { importFleet } from './import-fleet';

const seed = JSON.parse(
  readFileSync(path.join(__dirname, '../../../../fixtures/seed-fleet.json'), 'utf8'),
) as {
  customers: { name: string; vehicles: { vin: string; regNo: string }[] }[];
};

const t = useService();

const importVia = (body: unknown) =>
  request(t.svc.url)
    .post('/api/v1/admin/fleet/import')
    .set(admin)
    .send(body as object);

describe('POST /api/v1/admin/fleet/import', () => {
  it('imports the reference fleet, then a second import changes nothing', async () => {
    const first = await importVia(seed).expect(200);
    expect(first.body.customers.created.map((c: { name: string }) => c.name)).toEqual(
      seed.customers.map((c) => c.name),
    );
    expect(first.body.vehicles.created).toHaveLength(7);
    expect(first.body.customers.rejected).toEqual([]);
    expect(first.body.vehicles.rejected).toEqual([]);
    const created = first.body.vehicles.created[0] as { vin: string; token: string; customerId: string };
    const [event] = await streamEvents(t.db, streams.vehicle(created.vin));
    expect(event).toMatchObject({ type: 'VehicleRegistered', data: { tokenHash: hashToken(created.token) } });
    expect(event!.metadata).toMatchObject({ source: 'import' });
    await request(t.svc.url)
      .post(`/api/v1/vehicles/${created.vin}/heartbeats`)
      .set('Authorization', `Bearer ${created.token}`)
      .expect(202);

    const eventsBefore = await countEvents(t.db);
    const second = await importVia(seed).expect(200);
    expect(await countEvents(t.db)).toBe(eventsBefore);
    expect(second.body.customers.created).toEqual([]);
    expect(second.body.vehicles.created).toEqual([]);
    expect(second.body.customers.existing).toEqual(first.body.customers.created);
    expect(second.body.vehicles.existing).toEqual(
      first.body.vehicles.created.map(({ token: _t, ...v }: { token: string }) => v),
    );
  });

  it('matches customers by name ignoring case and spaces; reports conflicts and bad items with reasons', async () => {
    const existing = await createCustomer(t.svc.url);
    const elsewhere = await createVehicle(t.svc.url);
    const retired = await createVehicle(t.svc.url, { customerId: existing.customerId, regNo: 'RET1' });
    await request(t.svc.url).post(`/api/v1/admin/vehicles/${retired.vin}/retire`).set(admin).expect(200);
    const mine = await createVehicle(t.svc.url, { customerId: existing.customerId, regNo: 'MINE1' });
    const fresh = randomVin();
    const file = {
      customers: [
        {
          name: `  ${existing.name.toLowerCase()}  `,
          vehicles: [
            { vin: fresh.toLowerCase(), regNo: 'NEW1' },
            { vin: mine.vin, regNo: 'MINE1' },
            { vin: mine.vin, regNo: 'MINE1' },
            { vin: elsewhere.vin, regNo: 'X1' },
            { vin: retired.vin, regNo: 'RET1' },
            { vin: 'NOT-A-VIN', regNo: 'A1' },
            { vin: randomVin() },
          ],
        },
        { name: '', vehicles: [{ vin: randomVin(), regNo: 'Z1' }] },
      ],
    };
    const before = await countEvents(t.db);
    const res = await importVia(file).expect(200);
    expect(res.body.customers.existing).toEqual([{ customerId: existing.customerId, name: existing.name }]);
    expect(res.body.vehicles.created).toEqual([
      { vin: fresh, regNo: 'NEW1', customerId: existing.customerId, token: expect.any(String) },
    ]);
    expect(res.body.vehicles.existing).toEqual([
      { vin: mine.vin, regNo: 'MINE1', customerId: existing.customerId },
    ]);
    const reasons = Object.fromEntries(
      res.body.vehicles.rejected.map((r: { path: string; reason: string }) => [r.path, r.reason]),
    );
    expect(reasons).toEqual({
      'customers[0].vehicles[2]': 'duplicate of customers[0].vehicles[1] in this file',
      'customers[0].vehicles[3]': expect.stringMatching(/another customer/),
      'customers[0].vehicles[4]': expect.stringMatching(/retired/),
      'customers[0].vehicles[5]': expect.stringMatching(/^vin: /),
      'customers[0].vehicles[6]': expect.stringMatching(/^regNo: /),
      'customers[1].vehicles[0]': 'its customer was rejected',
    });
    expect(res.body.customers.rejected).toEqual([
      { path: 'customers[1]', name: '', reason: expect.stringMatching(/name/) },
    ]);
    expect(await countEvents(t.db)).toBe(before + 1);
    expect((await streamEvents(t.db, streams.vehicle(elsewhere.vin))).map((e) => e.type)).toEqual([
      'VehicleRegistered',
    ]);
  });

  it('reports a VIN registered with another regNo', async () => {
    const c = await createCustomer(t.svc.url);
    const v = await createVehicle(t.svc.url, { customerId: c.customerId, regNo: 'ORIG1' });
    const res = await importVia({
      customers: [{ name: c.name, vehicles: [{ vin: v.vin, regNo: 'OTHER1' }] }],
    }).expect(200);
    expect(res.body.vehicles.rejected[0].reason).toMatch(/regNo ORIG1, not OTHER1/);
  });

  it('refuses a file that is not a fleet file (400) and needs the admin token (401)', async () => {
    await importVia({ vehicles: [] }).expect(400);
    await request(t.svc.url).post('/api/v1/admin/fleet/import').send(seed).expect(401);
    await request(t.svc.url)
      .post('/api/v1/admin/fleet/import')
      .set(admin)
      .set('Content-Type', 'text/plain')
      .send('x')
      .expect(415);
  });

  it('imports the same new file twice concurrently without duplicates', async () => {
    const file = {
      customers: [
        {
          name: `Race ${randomVin()}`,
          vehicles: [
            { vin: randomVin(), regNo: 'R1' },
            { vin: randomVin(), regNo: 'R2' },
          ],
        },
      ],
    };
    const before = await countEvents(t.db);
    const reports = await Promise.all([
      importFleet({ pool: t.db.pool, invalidate: () => undefined }, file),
      importFleet({ pool: t.db.pool, invalidate: () => undefined }, file),
    ]);
    expect(await countEvents(t.db)).toBe(before + 3);
    expect(reports.map((r) => r.vehicles.created.length).sort()).toEqual([0, 2]);
    expect(reports.map((r) => r.vehicles.existing.length).sort()).toEqual([0, 2]);
  });
});
