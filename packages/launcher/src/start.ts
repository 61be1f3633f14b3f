#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { freePort, provideDatabase } from '@vehicle-tracker/embedded-pg';
import { migrate } from '@vehicle-tracker/db';
import { startGateway } from './gateway';
import { operatorEnv, signInLine } from './operator-login';
import { readSettings, type Settings } from './settings';
import { Supervised, type PartSpec } from './supervisor';
import { seedReferenceFleet } from './seed';

const root = path.resolve(__dirname, '..', '..', '..');
const SERVICES = ['heartbeat', 'projector', 'query'] as const;
type Service = (typeof SERVICES)[number];

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

function ensureDashboardBuilt(staticRoot: string): void {
  if (
    existsSync(path.join(staticRoot, 'index.html')) ||
    !existsSync(path.join(root, 'frontend', 'package.json'))
  )
    return;
  log('building the dashboard (first start only)...');
  const r = spawnSync('npm', ['run', 'build', '-w', '@vehicle-tracker/frontend'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) log('the dashboard build failed; the API still runs');
}

function serviceSpec(name: Service, port: number, databaseUrl: string, s: Settings): PartSpec {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_START: 'false',
    LOG_LEVEL: s.logLevel,
    OFFLINE_AFTER: String(s.offlineAfter),
    HEARTBEAT_AUTH: s.heartbeatAuth,
    ADMIN_TOKEN: s.adminToken,
  };
  delete env.DATABASE_URL_FILE;
  delete env.ADMIN_TOKEN_FILE;
  delete env.OPERATOR_PASSWORD;
  delete env.OPERATOR_PASSWORD_FILE;
  // The gateway in front sets X-Forwarded-For and -Proto: client addresses for the per-address rate limits
  // (sign-in on the query service, every input route on the heartbeat service).
  if (name === 'query' || name === 'heartbeat') env.TRUST_PROXY = 'loopback';
  if (name === 'query') {
    Object.assign(env, operatorEnv(s.operator), { OPERATOR_AUTH: s.operatorAuth });
  }
  return {
    name,
    command: process.execPath,
    args: [path.join(root, 'services', name, 'dist', 'main.js')],
    env,
    // Ready, not only alive: the database reachable, migrations and the configured operator account there.
    healthUrl: `http://127.0.0.1:${port}/readyz`,
  };
}

function statusLine(parts: Supervised[]): string {
  return parts.map((p) => `${p.spec.name} ${p.state === 'up' ? 'up' : p.state}`).join(' | ');
}

async function main(): Promise<void> {
  const settings = readSettings(process.env, root);
  const staticRoot = path.join(root, 'frontend', 'dist', 'frontend', 'browser');
  ensureDashboardBuilt(staticRoot);

  const db = await provideDatabase({
    databaseUrl: settings.databaseUrl,
    dataDir: settings.dataDir,
    notice: log,
  });
  log(db.embedded ? `PostgreSQL: embedded, data in ${settings.dataDir}` : 'PostgreSQL: DATABASE_URL');
  const applied = await migrate(db.url);
  log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date');

  const ports = new Map<Service, number>();
  const parts: Supervised[] = [];
  const onState = (part: Supervised) => log(`${part.spec.name}: ${part.state}   (${statusLine(parts)})`);
  for (const name of SERVICES) {
    if (!existsSync(path.join(root, 'services', name, 'dist', 'main.js'))) {
      log(`${name}: not built (services/${name}/dist/main.js missing); skipped`);
      continue;
    }
    const port = await freePort();
    ports.set(name, port);
    parts.push(new Supervised(serviceSpec(name, port, db.url, settings), onState, log));
  }
  parts.forEach((p) => p.start());

  const gateway: Server = await startGateway({
    port: settings.port,
    host: '127.0.0.1',
    staticRoot,
    upstreamPort: (name) => (name === 'heartbeat' || name === 'query' ? ports.get(name) : undefined),
  });
  const address = gateway.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : settings.port}`;

  const simulator = await seedReferenceFleet({ settings, url, log, parts });
  if (simulator) {
    parts.push(new Supervised(simulator, onState, log));
    parts[parts.length - 1]!.start();
  }

  log(`dashboard: ${url}/`);
  log(signInLine(url, settings.operator, settings.operatorAuth === 'off'));
  // Secrets are not printed: the console is often captured into logs. Say where the token is instead.
  log(
    settings.adminTokenGenerated
      ? `admin API: Authorization: Bearer <the token in ${path.join(settings.dataDir, 'admin-token')}>`
      : 'admin API: Authorization: Bearer <ADMIN_TOKEN>',
  );
  log('Ctrl-C stops everything');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping...');
    await Promise.all(parts.map((p) => p.stop()));
    await new Promise<void>((r) => gateway.close(() => r()));
    await db.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// A closed stdout (e.g. `npm start | head`) must not kill the launcher and orphan what it supervises: the
// system keeps running without its console, and Ctrl-C still stops every part.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
