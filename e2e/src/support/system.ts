import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@vehicle-tracker/embedded-pg';

const root = path.resolve(__dirname, '..', '..', '..');
export const artifacts = path.join(root, 'e2e', 'artifacts');

export interface System {
  url: string;
  adminToken: string;
  dataDir: string;
  /** Device tokens of the reference fleet, as the launcher imported it. */
  tokens: Record<string, string>;
  heartbeat(vin: string): Promise<Response>;
  admin(method: string, route: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

async function waitForFleet(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the system exited during start (see ${artifacts}/system.log)`);
    try {
      const res = await fetch(`${url}/api/v1/customers`);
      const body = (await res.json()) as { items?: unknown[] };
      if (res.ok && (body.items?.length ?? 0) >= 3) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the reference fleet did not show up in time (see ${artifacts}/system.log)`);
}

/**
 * Starts the whole system as `npm start` does (launcher: embedded PostgreSQL in a fresh data folder, migrations,
 * the three services, the gateway, the reference fleet; no simulator), on free ports, with a short offline timeout.
 */
export async function startSystem(opts: { offlineAfter: number; name: string }): Promise<System> {
  mkdirSync(artifacts, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vt-e2e-'));
  chmodSync(dataDir, 0o755); // PostgreSQL may run as user "postgres"
  const port = await freePort();
  const adminToken = `e2e-admin-token-${Math.random().toString(36).slice(2)}`;
  const log = createWriteStream(path.join(artifacts, `${opts.name}-system.log`));
  const child = spawn(process.execPath, [path.join(root, 'packages', 'launcher', 'dist', 'start.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      OFFLINE_AFTER: String(opts.offlineAfter),
      SIMULATOR: 'off',
      SEED_FLEET: 'on',
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForFleet(url, child, Date.now() + 150_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const tokens = JSON.parse(readFileSync(path.join(dataDir, 'device-tokens.json'), 'utf8')) as Record<
    string,
    string
  >;
  const admin = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1/admin${route}`, {
      method,
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as unknown;
  };
  const heartbeat = (vin: string) =>
    fetch(`${url}/api/v1/vehicles/${vin}/heartbeats`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens[vin] ?? ''}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
  return { url, adminToken, dataDir, tokens, heartbeat, admin, stop };
}
