import { randomInt, randomUUID } from 'node:crypto';
import type { VehicleStatus } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';

/**
 * Read-model rows written as the projector would, so these tests never depend on it: vehicles bump their
 * customer's counters and are listed in rm.vehicle_last_seen while active, search_text is normalised the
 * projector's way, status changes NOTIFY.
 */

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

export function randomVin(): string {
  return Array.from({ length: 17 }, () => VIN_CHARS[randomInt(VIN_CHARS.length)]).join('');
}

export interface TestCustomer {
  customerId: string;
  name: string;
  address: string;
}

export async function insertCustomer(
  db: Queryable,
  overrides: Partial<TestCustomer> = {},
): Promise<TestCustomer> {
  const customer: TestCustomer = {
    customerId: randomUUID(),
    name: `Customer ${randomUUID().slice(0, 8)} AB`,
    address: 'Testvägen 1, 111 11 Teststad',
    ...overrides,
  };
  await db.query(
    `INSERT INTO rm.customers (customer_id, name, address, registered_at) VALUES ($1, $2, $3, now())`,
    [customer.customerId, customer.name, customer.address],
  );
  return customer;
}

export interface TestVehicle {
  vin: string;
  regNo: string;
  customerId: string;
  customerName: string;
  status: VehicleStatus;
  lastHeartbeatAt: Date | null;
  statusSince: Date | null;
  timeoutSeconds: number;
  heartbeatCount: number;
  registeredAt: Date;
  retiredAt: Date | null;
}

type VehicleInput = Pick<TestVehicle, 'customerId' | 'customerName'> & Partial<TestVehicle>;

/** A vehicle (never seen unless told otherwise); offline_at follows from the last heartbeat and the timeout. */
export async function insertVehicle(db: Queryable, input: VehicleInput): Promise<TestVehicle> {
  const v: TestVehicle = {
    vin: randomVin(),
    regNo: `T${randomInt(100000, 999999)}`,
    status: 'never-seen',
    lastHeartbeatAt: null,
    statusSince: null,
    timeoutSeconds: 60,
    heartbeatCount: 0,
    registeredAt: new Date('2026-01-01T00:00:00Z'),
    retiredAt: null,
    ...input,
  };
  const offlineAt = v.lastHeartbeatAt && new Date(v.lastHeartbeatAt.getTime() + v.timeoutSeconds * 1000);
  const searchText = `${v.vin} ${v.regNo} ${v.customerName}`.normalize('NFC').toLowerCase();
  await db.query(
    `INSERT INTO rm.vehicles (vin, reg_no, customer_id, customer_name, effective_timeout_seconds, status, status_since,
       last_heartbeat_at, offline_at, heartbeat_count, registered_at, retired_at, search_text)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      v.vin,
      v.regNo,
      v.customerId,
      v.customerName,
      v.timeoutSeconds,
      v.status,
      v.statusSince,
      v.lastHeartbeatAt,
      offlineAt,
      v.heartbeatCount,
      v.registeredAt,
      v.retiredAt,
      searchText,
    ],
  );
  if (v.retiredAt === null) {
    await db.query(`INSERT INTO rm.vehicle_last_seen (vin, online, last_heartbeat_at) VALUES ($1, $2, $3)`, [
      v.vin,
      v.status === 'online',
      v.lastHeartbeatAt,
    ]);
    await db.query(
      `UPDATE rm.customers SET vehicle_count = vehicle_count + 1,
         online_count = online_count + $2::int, offline_count = offline_count + 1 - $2::int
       WHERE customer_id = $1`,
      [v.customerId, v.status === 'online' ? 1 : 0],
    );
  }
  return v;
}

/** An online vehicle whose last heartbeat was `secondsAgo` before `now`. */
export function online(now: Date, secondsAgo = 5): Partial<TestVehicle> {
  const at = new Date(now.getTime() - secondsAgo * 1000);
  return { status: 'online', lastHeartbeatAt: at, statusSince: at, heartbeatCount: 1 };
}

/** An offline vehicle, last seen `secondsAgo` before `now` (with the default 60 s timeout). */
export function offline(now: Date, secondsAgo = 600): Partial<TestVehicle> {
  const at = new Date(now.getTime() - secondsAgo * 1000);
  return {
    status: 'offline',
    lastHeartbeatAt: at,
    statusSince: new Date(at.getTime() + 60_000),
    heartbeatCount: 1,
  };
}

export async function insertInterval(
  db: Queryable,
  i: { vin: string; status: VehicleStatus; startedAt: string | Date; endedAt: string | Date | null },
): Promise<void> {
  await db.query(`INSERT INTO rm.intervals (vin, started_at, ended_at, status) VALUES ($1, $2, $3, $4)`, [
    i.vin,
    i.startedAt,
    i.endedAt,
    i.status,
  ]);
}

export async function insertHeartbeatHour(db: Queryable, h: { vin: string; hour: string; count: number }) {
  await db.query(`INSERT INTO rm.heartbeats_hourly (vin, hour, count) VALUES ($1, $2, $3)`, [
    h.vin,
    h.hour,
    h.count,
  ]);
}

/** A status_changes row, followed by NOTIFY status_changed as the projector does; returns its id. */
export async function insertStatusChange(
  db: Queryable,
  c: { vin: string; customerId: string; status: VehicleStatus; at: Date; lastHeartbeatAt?: Date | null },
  notify = true,
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO status_changes (vin, customer_id, status, at, last_heartbeat_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING id`,
    [c.vin, c.customerId, c.status, c.at, c.lastHeartbeatAt ?? null],
  );
  const id = rows[0]!.id;
  if (notify) await db.query(`SELECT pg_notify('status_changed', $1)`, [String(id)]);
  return id;
}
