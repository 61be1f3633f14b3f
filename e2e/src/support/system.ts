import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@vehicle-tracker/embedded-pg';

const root = path.resolve(__dirname, '..', '..', '..');
export const artifacts = path.join(root, 'e2e', 'artifacts');

export interface Operator {
  username: string;
  password: string;
}

export interface System {
  url: string;
  adminToken: string;
  /** The operator account the launcher ensures, with the password this run gave it. */
  operator: Operator;
  /** A session token of that operator (POST /api/v1/auth/login), for reading the API as `Authorization: Bearer`. */
  apiToken: string;
  dataDir: string;
  /** Device tokens of the reference fleet, as the launcher imported it. */
  tokens: Record<string, string>;
  heartbeat(vin: string): Promise<Response>;
  /** GET from the query API as the signed-in operator (Bearer apiToken); throws unless 2xx. */
  api<T>(route: string): Promise<T>;
  admin(method: string, route: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/** How many refused sign-ins the start may spend: the query service allows 10 per address per 15 minutes. */
const MAX_REFUSED_AT_START = 4;

/**
 * Signs in through the API: the session token, or null while the query service is not answering yet. The
 * operator's account is ensured just after the query service starts listening, so the first attempts may be
 * refused; each refusal counts against the sign-in rate limit, hence the spacing and the cap.
 */
async function apiSignIn(
  url: string,
  operator: Operator,
  refused: { count: number },
): Promise<string | null> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(operator),
  });
  if (res.ok) return ((await res.json()) as { token: string }).token;
  if (res.status === 401 && ++refused.count < MAX_REFUSED_AT_START) {
    await new Promise((r) => setTimeout(r, 1_000));
    return null;
  }
  if (res.status === 401 || res.status === 429)
    throw new SignInRefused(`the operator could not sign in: HTTP ${res.status} ${await res.text()}`);
  return null;
}

class SignInRefused extends Error {}

/** Waits for the reference fleet, read as a signed-in operator; returns that operator's API token. */
async function waitForFleet(
  url: string,
  operator: Operator,
  child: ChildProcess,
  deadline: number,
  logFile: string,
): Promise<string> {
  let token: string | null = null;
  const refused = { count: 0 };
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the system exited during start (see ${logFile})`);
    try {
      token ??= await apiSignIn(url, operator, refused);
      if (token) {
        const res = await fetch(`${url}/api/v1/customers`, { headers: { Authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { items?: unknown[] };
        if (res.ok && (body.items?.length ?? 0) >= 3) return token;
      }
    } catch (err) {
      if (err instanceof SignInRefused) throw err;
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the reference fleet did not show up in time (see ${logFile})`);
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
  const operator: Operator = {
    username: 'operator',
    password: `e2e-${randomBytes(18).toString('base64url')}`,
  };
  const logFile = path.join(artifacts, `${opts.name}-system.log`);
  const log = createWriteStream(logFile);
  // Whatever the developer's shell says, this run's operator signs in with this run's password.
  const { OPERATOR_PASSWORD_FILE: _file, ...inherited } = process.env;
  const child = spawn(process.execPath, [path.join(root, 'packages', 'launcher', 'dist', 'start.js')], {
    env: {
      ...inherited,
      PORT: String(port),
      DATA_DIR: dataDir,
      OFFLINE_AFTER: String(opts.offlineAfter),
      SIMULATOR: 'off',
      SEED_FLEET: 'on',
      ADMIN_TOKEN: adminToken,
      OPERATOR_AUTH: 'on',
      OPERATOR_USERNAME: operator.username,
      OPERATOR_PASSWORD: operator.password,
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
  let apiToken: string;
  try {
    apiToken = await waitForFleet(url, operator, child, Date.now() + 150_000, logFile);
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
  const api = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${url}/api/v1${route}`, { headers: { Authorization: `Bearer ${apiToken}` } });
    if (!res.ok) throw new Error(`GET ${route}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return { url, adminToken, operator, apiToken, dataDir, tokens, heartbeat, api, admin, stop };
}
