// Shared by the benchmarks: a PostgreSQL of their own (BENCH_DATABASE_URL, or an embedded cluster with the
// default durable settings, so figures compare with production), migrated.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '@vehicle-tracker/embedded-pg';
import { migrate, createPool } from '@vehicle-tracker/db';

/** What the last benchDatabase() runs on (version, durability settings), for the report's machine section. */
export const benchDatabaseInfo = {};

async function describeDatabase(url, embedded) {
  const pool = createPool(url, { max: 1 });
  try {
    const { rows } = await pool.query(
      `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
              current_setting('synchronous_commit') AS synchronous_commit,
              current_setting('shared_buffers') AS shared_buffers, current_setting('max_wal_size') AS max_wal_size`,
    );
    Object.assign(benchDatabaseInfo, rows[0], { embedded });
  } finally {
    await pool.end();
  }
}

export async function benchDatabase() {
  if (process.env.BENCH_DATABASE_URL) {
    await migrate(process.env.BENCH_DATABASE_URL);
    await describeDatabase(process.env.BENCH_DATABASE_URL, false);
    const url = process.env.BENCH_DATABASE_URL;
    return { url, pool: (max = 10) => createPool(url, { max }), stop: async () => undefined };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-bench-'));
  chmodSync(dir, 0o755);
  const cluster = await startCluster({
    dataDir: dir,
    settings: { shared_buffers: '512MB', max_wal_size: '4GB' },
  });
  await migrate(cluster.adminUrl);
  await describeDatabase(cluster.adminUrl, true);
  return {
    url: cluster.adminUrl,
    pool: (max = 10) => createPool(cluster.adminUrl, { max }),
    stop: async () => {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function rate(count, ms) {
  return Math.round((count / ms) * 1000);
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function row(label, value, unit = '') {
  console.log(`  ${label.padEnd(44)} ${String(value).padStart(12)} ${unit}`);
}
