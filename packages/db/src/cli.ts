#!/usr/bin/env node
import { migrate } from './migrate';
import { databaseUrlFromEnv } from './database-url';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or DATABASE_URL_FILE), or to the embedded dev database. */
async function main() {
  const url = databaseUrlFromEnv(process.env);
  if (url) {
    const applied = await migrate(url, (m) => console.log(m));
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return;
  }
  const { provideDatabase } = await import('@vehicle-tracker/embedded-pg');
  const db = await provideDatabase({
    dataDir: process.env.DATA_DIR ?? '.data',
    notice: (line) => console.error(line),
  });
  try {
    const applied = await migrate(db.url, (m) => console.log(m));
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
