import pg from 'pg';
import type { Logger } from '@vehicle-tracker/service-kit';

/** NOTIFY channel of the write-side triggers (migration 0003): payload 'vehicle:<VIN>', 'gateway:<id>' or '*'. */
export const CREDENTIALS_CHANNEL = 'credentials_changed';

/**
 * Keeps a dedicated connection LISTENing for credential changes made by any replica and reports them. While
 * the connection is down nothing is reported, so `onReset` is called whenever it (re)connects or drops: the
 * cache then forgets everything it might have missed.
 */
export class CredentialListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs = 250;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: {
      url: string;
      onChange: (key: string) => void;
      onReset: () => void;
      logger: Logger;
    },
  ) {}

  get connected(): boolean {
    return this.client !== undefined;
  }

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.opts.url,
      application_name: 'heartbeat-credentials',
    });
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    client.on('notification', (msg) => {
      if (msg.channel === CREDENTIALS_CHANNEL) this.opts.onChange(msg.payload ?? '*');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CREDENTIALS_CHANNEL}`);
      if (this.closed) return void (await client.end());
      this.client = client;
      this.retryMs = 250;
      this.opts.onReset();
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'credential listener cannot connect; retrying');
      client.end().catch(() => undefined);
      this.schedule();
    }
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.opts.onReset();
    if (!this.closed) {
      this.opts.logger.warn('credential listener lost its connection; reconnecting');
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
