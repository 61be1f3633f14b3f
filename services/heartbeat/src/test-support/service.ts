import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { createLogger } from '@vehicle-tracker/service-kit';
import { readStream, type StoredEvent } from '@vehicle-tracker/event-store';
import { HeartbeatEnv } from '../config';
import { createService, type Service } from '../service';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

export interface TestService {
  service: Service;
  server: Server;
  api: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

/** A service on `db` behind a listening server (one per suite, so concurrent requests share it). */
export async function startService(
  db: { url: string; pool: TestDatabase['pool'] },
  env: Record<string, string> = {},
) {
  const config = HeartbeatEnv.parse({
    DATABASE_URL: db.url,
    ADMIN_TOKEN,
    HEARTBEAT_RATE_PER_MINUTE: '60000',
    HEARTBEAT_RATE_BURST: '1000',
    // Every test client is 127.0.0.1; client-limit.int.spec.ts turns the per-address limit on.
    CLIENT_RATE_PER_MINUTE: '0',
    ...env,
  });
  const service = createService({ config, pool: db.pool, logger: createLogger('test', 'silent') });
  service.start();
  const server = createServer(service.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    service,
    server,
    url,
    api: () => request(url),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
    },
  };
}

export { createTestDatabase, type TestDatabase };

/**
 * Gives the spec file its own database and a running service, set up before its tests and closed after them.
 * Read `db` and `svc` inside tests and hooks (they are assigned in beforeAll).
 */
export function useService(env: Record<string, string> = {}) {
  const ctx = {} as { db: TestDatabase; svc: Awaited<ReturnType<typeof startService>> };
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.svc = await startService(ctx.db, env);
  });
  afterAll(async () => {
    await ctx.svc?.close();
    await ctx.db?.drop();
  });
  return ctx;
}

/** Events of one stream, as stored. */
export const streamEvents = (db: TestDatabase, streamId: string): Promise<StoredEvent[]> =>
  readStream(db.pool, streamId);

export async function countEvents(db: TestDatabase, type?: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM events WHERE $1::text IS NULL OR type = $1',
    [type ?? null],
  );
  return rows[0]!.n;
}
