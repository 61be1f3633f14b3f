#!/usr/bin/env node
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createPool, databaseUrlFromEnv, migrate } from '@vehicle-tracker/db';
import { importFleet } from '../fleet/import-fleet';

const USAGE = 'usage: npm run fleet:import -- <fleet.json> [--tokens-out <file>]';

function args(argv: string[]): { file: string; tokensOut?: string } {
  const rest = [...argv];
  const at = rest.indexOf('--tokens-out');
  const tokensOut = at === -1 ? undefined : rest.splice(at, 2)[1];
  if (at !== -1 && !tokensOut) throw new Error(USAGE);
  if (rest.length !== 1 || rest[0]!.startsWith('-')) throw new Error(USAGE);
  return { file: rest[0]!, tokensOut };
}

async function importInto(url: string, file: unknown, tokensOut: string | undefined): Promise<void> {
  await migrate(url);
  const pool = createPool(url, { max: 2, applicationName: 'fleet-import' });
  try {
    // No cache to invalidate here: running services hear the change through NOTIFY credentials_changed.
    const report = await importFleet({ pool, invalidate: () => undefined }, file, {
      correlationId: randomUUID(),
    });
    if (tokensOut) {
      const tokens = report.vehicles.created.map(({ vin, token }) => ({ vin, token }));
      writeFileSync(tokensOut, JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 });
      for (const v of report.vehicles.created) v.token = `(written to ${tokensOut})`;
    }
    console.log(JSON.stringify(report, null, 2));
    const c = report.customers;
    const v = report.vehicles;
    console.error(
      `customers: ${c.created.length} created, ${c.existing.length} existing, ${c.rejected.length} rejected; ` +
        `vehicles: ${v.created.length} created, ${v.existing.length} existing, ${v.rejected.length} rejected`,
    );
  } finally {
    await pool.end();
  }
}

/** `npm run fleet:import -- file.json`: imports into DATABASE_URL, else the embedded dev database (DATA_DIR). */
async function main(): Promise<void> {
  const { file, tokensOut } = args(process.argv.slice(2));
  const content: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const url = databaseUrlFromEnv(process.env);
  if (url) return importInto(url, content, tokensOut);
  const { provideDatabase } = await import('@vehicle-tracker/embedded-pg');
  const db = await provideDatabase({
    dataDir: process.env.DATA_DIR ?? '.data',
    notice: (line) => console.error(line),
  });
  try {
    await importInto(db.url, content, tokensOut);
  } finally {
    await db.stop();
  }
}

main().catch((err: unknown) => {
  const e = err as { detail?: string; message?: string };
  console.error(e.detail ?? e.message ?? String(err));
  process.exit(1);
});
