// npm start: the whole system on this machine. For now: PostgreSQL (DATABASE_URL, or embedded in DATA_DIR) with
// migrations applied; the services join as they are built. Ctrl-C stops everything cleanly.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { provideDatabase } from '@vehicle-tracker/embedded-pg';
import { migrate, databaseUrlFromEnv } from '@vehicle-tracker/db';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');

const db = await provideDatabase({ databaseUrl: databaseUrlFromEnv(process.env), dataDir });
console.log(db.embedded ? `PostgreSQL: embedded, data in ${dataDir}` : 'PostgreSQL: DATABASE_URL');
const applied = await migrate(db.url);
console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date');
console.log('ready; Ctrl-C stops');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('stopping...');
  await db.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
