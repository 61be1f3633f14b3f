import { listenForAppends } from '@vehicle-tracker/event-store';
import pg from 'pg';
import type { Logger } from 'pino';
import { tryLock } from '../db/leader-lock';
import type { Runner } from './runner';

export interface LeadershipDeps {
  databaseUrl: string;
  replicaId: string;
  lockKey: number;
  logger: Logger;
  /** How often a standby retries the lock (takeover time is about this plus the catch-up). */
  retryMs: number;
  createRunner: (client: pg.Client) => Runner;
  onActive?: (active: boolean) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Leader election with a PostgreSQL advisory lock held on the connection that also does every write: exactly one
 * replica is active, and if its process or connection dies the lock goes with it and a standby, retrying every
 * `retryMs`, takes over. Any error of the active runner resigns (closes the connection) and re-elects.
 */
export class Leadership {
  private stopped = false;
  private runner: Runner | undefined;
  private client: pg.Client | undefined;
  private wake: (() => void) | undefined;
  active = false;

  constructor(private readonly deps: LeadershipDeps) {}

  get position() {
    return this.runner?.position;
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.term();
      } catch (err) {
        this.deps.logger.error({ err }, 'projector connection failed; re-electing');
      } finally {
        this.setActive(false);
        this.runner = undefined;
        await this.client?.end().catch(() => undefined);
        this.client = undefined;
      }
      if (!this.stopped) await this.pause(this.deps.retryMs);
    }
  }

  /** Stops after the transaction in flight; the lock is released when the connection closes. */
  stop(): void {
    this.stopped = true;
    this.runner?.stop();
    this.wake?.();
  }

  /** One connection's life: wait for the lock (standby), then run the projection until stopped or broken. */
  private async term(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.deps.databaseUrl,
      application_name: `vt-projector ${this.deps.replicaId}`.slice(0, 63),
    });
    this.client = client;
    client.on('error', (err) => {
      this.deps.logger.warn({ err }, 'projector connection lost');
      this.runner?.stop();
      this.wake?.();
    });
    await client.connect();
    while (!this.stopped && !(await tryLock(client, this.deps.lockKey))) await this.pause(this.deps.retryMs);
    if (this.stopped) return;
    const runner = this.deps.createRunner(client);
    this.runner = runner;
    await listenForAppends(client, () => runner.wake());
    this.setActive(true);
    this.deps.logger.info({ replica: this.deps.replicaId }, 'active: holding the projector lock');
    await runner.run();
  }

  private setActive(active: boolean): void {
    if (this.active === active) return;
    this.active = active;
    this.deps.onActive?.(active);
  }

  private async pause(ms: number): Promise<void> {
    await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
    this.wake = undefined;
  }
}
