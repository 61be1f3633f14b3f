import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startCluster } from '../packages/embedded-pg/src';
import { migrate } from '../packages/db/src';
// Relative source imports: the global setup runs outside jest's module mapping, before anything is built.
import { TEST_ADMIN_URL_ENV, TEST_TEMPLATE_DB } from '../packages/testing/src/constants';

/**
 * One PostgreSQL per test run: TEST_DATABASE_URL (a superuser URL of a server you run) or an embedded cluster
 * in a throwaway folder with fsync off. Migrations run once, into a template every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-test-pg-'));
    chmodSync(dir, 0o755); // the server may run as user "postgres"
    const cluster = await startCluster({
      dataDir: dir,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    adminUrl = cluster.adminUrl;
    (globalThis as Record<string, unknown>).__VT_TEST_CLUSTER__ = { stop: cluster.stop, dir };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEST_TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEST_TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEST_TEMPLATE_DB}`;
  await migrate(templateUrl.toString());
  process.env[TEST_ADMIN_URL_ENV] = adminUrl;
}
