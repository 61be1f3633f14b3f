import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from './settings';
import type { PartSpec, Supervised } from './supervisor';
import { tokensIn } from '@vehicle-tracker/simulator';

interface SeedContext {
  settings: Settings;
  url: string;
  log: (line: string) => void;
  parts: Supervised[];
}

interface FleetFile {
  customers: { name: string; vehicles: { vin: string; regNo: string }[] }[];
}

async function admin(ctx: SeedContext, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${ctx.url}/api/v1/admin${route}`, {
    method,
    headers: { Authorization: `Bearer ${ctx.settings.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /api/v1/admin${route}: HTTP ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

async function waitUp(part: Supervised | undefined): Promise<boolean> {
  for (let i = 0; i < 300 && part; i++) {
    if (part.state === 'up') return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * Imports the reference fleet when the registry is empty (unless SEED_FLEET=off), makes sure the simulator has a
 * device token for each reference vehicle (tokens are shown once, so they are kept in DATA_DIR; a missing one is
 * rotated), and returns the simulator to run (unless SIMULATOR=off).
 */
export async function seedReferenceFleet(ctx: SeedContext): Promise<PartSpec | undefined> {
  const heartbeat = ctx.parts.find((p) => p.spec.name === 'heartbeat');
  if (!(await waitUp(heartbeat))) return undefined;
  const fleetFile = path.join(ctx.settings.root, 'fixtures', 'seed-fleet.json');
  const fleet = JSON.parse(readFileSync(fleetFile, 'utf8')) as FleetFile;
  const tokenFile = path.join(ctx.settings.dataDir, 'device-tokens.json');
  const tokens: Record<string, string> = existsSync(tokenFile)
    ? (JSON.parse(readFileSync(tokenFile, 'utf8')) as Record<string, string>)
    : {};
  try {
    if (ctx.settings.seedFleet) {
      const created = tokensIn(await admin(ctx, 'POST', '/fleet/import', fleet));
      Object.assign(tokens, created);
      ctx.log(`reference fleet: ${Object.keys(created).length} vehicles imported`);
    }
    if (ctx.settings.simulator && ctx.settings.heartbeatAuth === 'on') {
      const vins = fleet.customers.flatMap((c) => c.vehicles.map((v) => v.vin.toUpperCase()));
      for (const vin of vins.filter((v) => !tokens[v])) {
        Object.assign(
          tokens,
          tokensIn({ vin, ...((await admin(ctx, 'POST', `/vehicles/${vin}/token`)) as object) }),
        );
      }
    }
    // Tokens are shown once: keep them for the simulator and for whoever drives the demo fleet by hand.
    writeFileSync(tokenFile, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  } catch (err) {
    ctx.log(`seeding failed: ${(err as Error).message}`);
    return undefined;
  }
  if (!ctx.settings.simulator) return undefined;
  const interval = Math.max(2, Math.round(ctx.settings.offlineAfter / 3));
  return {
    name: 'simulator',
    command: process.execPath,
    args: [
      path.join(ctx.settings.root, 'packages', 'simulator', 'dist', 'cli.js'),
      `--url=${ctx.url}`,
      `--tokens=${tokenFile}`,
      `--interval=${interval}`,
      '--offline-share=0.25',
      `--mean-online=${ctx.settings.offlineAfter * 10}`,
      '--quiet-progress',
    ],
    env: process.env,
  };
}
