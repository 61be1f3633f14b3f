import type { Queryable } from '@vehicle-tracker/event-store';
import { heartbeat } from '../../../services/projector/src/test-support/builders';
import { append } from '../../../services/projector/src/test-support/harness';
import { sleep } from './processes';

/**
 * Events flowing into the log while a projector is killed: small batches of heartbeats received "now" for random
 * vehicles, each well within its 60 s timeout, and now and then for the `flappy` ones (a 2 s timeout: they flip
 * offline and online while the projector is killed). Pausable, so the read model can be compared with a rebuild at
 * a quiet moment: once paused, the flappy vehicles go offline within seconds and nothing else is due for ~55 s.
 */
export class EventWriter {
  written = 0;
  private running = false;
  private paused = false;
  private loop: Promise<void> | undefined;
  private idle: (() => void) | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly vins: string[],
    private readonly flappy: string[] = [],
    private readonly everyMs = 10,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Resolves once no append is in flight and none will start until resume(). */
  async pause(): Promise<void> {
    this.paused = true;
    if (!this.running) return;
    await new Promise<void>((resolve) => (this.idle = resolve));
  }

  resume(): void {
    this.paused = false;
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.paused) {
        this.idle?.();
        this.idle = undefined;
        await sleep(10);
        continue;
      }
      const n = 1 + Math.floor(Math.random() * 10);
      const now = new Date();
      const vins = Array.from({ length: n }, () => this.vins[Math.floor(Math.random() * this.vins.length)]!);
      vins.push(...this.flappy.filter(() => Math.random() < 0.02));
      await append(
        this.db,
        vins.map((vin) => heartbeat(vin, now)),
      );
      this.written += vins.length;
      await sleep(this.everyMs);
    }
    this.idle?.();
  }
}
