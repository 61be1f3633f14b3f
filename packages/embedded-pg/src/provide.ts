import { Client } from 'pg';
import { startCluster } from './cluster';

export interface ProvidedDatabase {
  /** URL of the application database. */
  url: string;
  /** True when we started an embedded cluster (false when DATABASE_URL pointed elsewhere). */
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The database for a dev run: DATABASE_URL when set, otherwise an embedded cluster kept in `dataDir`
 * with a `vehicle_tracker` database created on first start.
 */
export async function provideDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  database?: string;
  log?: (line: string) => void;
  notice?: (line: string) => void;
}): Promise<ProvidedDatabase> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, embedded: false, stop: async () => undefined };
  const cluster = await startCluster({ dataDir: opts.dataDir, log: opts.log, notice: opts.notice });
  const database = opts.database ?? 'vehicle_tracker';
  const client = new Client({ connectionString: cluster.adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(cluster.adminUrl);
  url.pathname = `/${database}`;
  return { url: url.toString(), embedded: true, stop: cluster.stop };
}
