import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { streams, type VehicleTrackerEvent } from '@vehicle-tracker/contracts';
import { appendEvents, type NewEvent } from '@vehicle-tracker/event-store';
import type { Queryable } from '@vehicle-tracker/service-kit';
import type { Logged } from './memory-model';

export function streamOf(e: VehicleTrackerEvent): string {
  const d = e.data as Record<string, string>;
  if (d.vin) return streams.vehicle(d.vin);
  if (d.customerId) return streams.customer(d.customerId);
  return streams.gateway(d.gatewayId ?? 'none');
}

export function toNew(l: Logged | VehicleTrackerEvent): NewEvent {
  const e = 'event' in l ? l.event : l;
  return { streamId: streamOf(e), type: e.type, data: e.data, metadata: e.metadata };
}

export async function append(
  db: Queryable,
  events: (Logged | VehicleTrackerEvent)[],
  chunk = 500,
): Promise<void> {
  for (let i = 0; i < events.length; i += chunk)
    await appendEvents(db, events.slice(i, i + chunk).map(toNew));
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every row of a read-model schema, in a stable order, for comparing two schemas. */
export async function dumpSchema(db: Queryable, schema: string) {
  const q = async (sql: string) => (await db.query(sql.replaceAll('$s', schema))).rows;
  return {
    checkpoint: await q(
      'SELECT projection, transaction_id::text, global_position FROM $s.checkpoint ORDER BY 1',
    ),
    customers: await q(
      `SELECT customer_id, name, address, timeout_seconds, vehicle_count, online_count, offline_count, registered_at
       FROM $s.customers ORDER BY customer_id`,
    ),
    vehicles: await q(
      `SELECT vin, reg_no, customer_id, customer_name, timeout_seconds, effective_timeout_seconds, status, status_since,
         last_heartbeat_at, offline_at, heartbeat_count, registered_at, retired_at, search_text, flipped_from
       FROM $s.vehicles ORDER BY vin`,
    ),
    intervals: await q('SELECT vin, started_at, ended_at, status FROM $s.intervals ORDER BY vin, started_at'),
    hourly: await q('SELECT vin, hour, count FROM $s.heartbeats_hourly ORDER BY vin, hour'),
    lastSeen: await q('SELECT vin, online, last_heartbeat_at FROM $s.vehicle_last_seen ORDER BY vin'),
    // Zero sums (deltas that cancelled out: an undone flip) are left by the live run only.
    fleetCounts: await q(
      `SELECT grain, at, total, online, never_seen FROM $s.fleet_count_deltas
       WHERE (total, online, never_seen) <> (0, 0, 0) ORDER BY grain, at`,
    ),
  };
}

const REGISTER = path.join(__dirname, 'swc-register.cjs');
const MAIN = path.join(__dirname, '..', 'main.ts');
const CLI = path.join(__dirname, '..', 'cli.ts');

/** Runs the projector CLI (`npm run projector -- <args>`) to its end; TypeScript compiled on load. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-r', REGISTER, CLI, ...args], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts the projector service as a real process (TypeScript compiled on load). */
export function spawnProjector(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['-r', REGISTER, MAIN], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MIGRATE_ON_START: 'false',
      PROJECTOR_STANDBY_RETRY_MS: '300',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const echo = (d: Buffer) => process.env.VT_TEST_VERBOSE && process.stderr.write(d);
  child.stdout?.on('data', echo);
  child.stderr?.on('data', echo);
  return child;
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
