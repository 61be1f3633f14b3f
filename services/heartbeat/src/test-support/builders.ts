import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { admin } from './service';

const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** A random, valid VIN (17 characters, no I, O or Q). */
export function randomVin(): string {
  return Array.from(randomBytes(17), (b) => VIN_ALPHABET[b % VIN_ALPHABET.length]).join('');
}

export const randomRegNo = () => `T${randomBytes(3).toString('hex').toUpperCase()}`;

export function buildCustomer(overrides: { name?: string; address?: string } = {}) {
  return {
    name: `Customer ${randomUUID().slice(0, 8)} AB`,
    address: 'Testvägen 1, 111 11 Stockholm',
    ...overrides,
  };
}

/** Registers a customer through the admin API; answers its id. */
export async function createCustomer(url: string, overrides: { name?: string; address?: string } = {}) {
  const res = await request(url)
    .post('/api/v1/admin/customers')
    .set(admin)
    .send(buildCustomer(overrides))
    .expect(201);
  return res.body as { customerId: string; name: string };
}

/** Registers a vehicle (and a customer for it unless given); answers its VIN and device token. */
export async function createVehicle(
  url: string,
  overrides: { customerId?: string; vin?: string; regNo?: string } = {},
) {
  const customerId = overrides.customerId ?? (await createCustomer(url)).customerId;
  const vin = overrides.vin ?? randomVin();
  const res = await request(url)
    .post('/api/v1/admin/vehicles')
    .set(admin)
    .send({ vin, regNo: overrides.regNo ?? randomRegNo(), customerId })
    .expect(201);
  return {
    vin,
    customerId,
    token: res.body.token as string,
    auth: { Authorization: `Bearer ${res.body.token}` },
  };
}
