import pg from 'pg';
import type { Express } from 'express';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { createLogger, createRegistry } from '@vehicle-tracker/service-kit';
import { createApp } from '../app';
import type { AuthOptions } from '../auth/auth-options';
import { pgChangeListener } from '../stream/change-listener';
import { StreamHub } from '../stream/hub';

export interface TestApp {
  app: Express;
  db: TestDatabase;
  hub: StreamHub;
  stop(): Promise<void>;
}

/** Sign-in off: what the specs of the read routes run with (auth has its own specs). */
export const AUTH_OFF: AuthOptions = {
  required: false,
  sessionTtlSeconds: 43_200,
  loginMaxFailures: 10,
  loginWindowSeconds: 900,
};

/**
 * The real app on a fresh database, with a live stream hub (LISTEN included) and an optional fixed clock.
 * Operator sign-in is off unless `auth` says otherwise (`auth: { required: true }`).
 */
export async function startTestApp(
  opts: {
    now?: () => Date;
    keepaliveMs?: number;
    pollMs?: number;
    replayLimit?: number;
    auth?: Partial<AuthOptions>;
    trustProxy?: boolean | number | string;
    corsOrigins?: string[];
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const logger = createLogger('query-test', 'silent');
  const hub = new StreamHub({
    db: db.pool,
    wake: pgChangeListener(() => new pg.Client({ connectionString: db.url }), logger),
    logger,
    keepaliveMs: opts.keepaliveMs ?? 15_000,
    pollMs: opts.pollMs ?? 5_000,
    replayLimit: opts.replayLimit,
  });
  await hub.start();
  const app = createApp({
    db: db.pool,
    hub,
    logger,
    registry: createRegistry('query'),
    now: opts.now,
    auth: { ...AUTH_OFF, ...opts.auth },
    trustProxy: opts.trustProxy,
    corsOrigins: opts.corsOrigins,
  });
  return {
    app,
    db,
    hub,
    stop: async () => {
      await hub.stop();
      await db.drop();
    },
  };
}
