import type { AppendedEvent, NewEvent } from '@vehicle-tracker/event-store';
import { serviceUnavailable } from '@vehicle-tracker/service-kit';

interface Pending {
  event: NewEvent & { eventId: string };
  resolve: (appended: AppendedEvent) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  /** Appends one batch in one statement (appendEvents on the pool). */
  append: (events: NewEvent[]) => Promise<AppendedEvent[]>;
  /** How long the first event of a batch waits for company; 0 = until the current event-loop turn ends. */
  windowMs: number;
  maxBatch: number;
  /** Batches in flight at once; while all are busy, new events gather into the next batch. */
  concurrency: number;
  /** Events waiting beyond this are refused at once (503) instead of queueing without bound. */
  maxQueued: number;
  onFlush?: (size: number, seconds: number, ok: boolean) => void;
}

/**
 * Group commit: concurrent appends share one multi-row INSERT (one transaction, one WAL flush). A batch goes
 * when its window ends or it is full; each caller's promise settles when its batch commits (or fails: the
 * whole batch fails together and nothing of it is written).
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly opts: GroupCommitOptions) {}

  submit(event: NewEvent & { eventId: string }): Promise<AppendedEvent> {
    if (this.queue.length >= this.opts.maxQueued)
      return Promise.reject(serviceUnavailable(1, 'ingest is saturated'));
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.schedule();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Sends what is queued now and waits until every batch has settled (shutdown). */
  async flush(): Promise<void> {
    while (this.queue.length || this.inFlight.size) {
      this.drain();
      await Promise.all([...this.inFlight]);
    }
  }

  private schedule(): void {
    if (this.queue.length >= this.opts.maxBatch) return this.drain();
    if (this.timer) return;
    this.timer =
      this.opts.windowMs > 0
        ? setTimeout(() => this.drain(), this.opts.windowMs)
        : setImmediate(() => this.drain());
  }

  private drain(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    while (this.queue.length && this.inFlight.size < this.opts.concurrency) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      const running = this.run(batch).finally(() => {
        this.inFlight.delete(running);
        // Whatever gathered while every slot was busy has waited long enough: send it now.
        if (this.queue.length) this.drain();
      });
      this.inFlight.add(running);
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    const started = performance.now();
    try {
      const appended = await this.opts.append(batch.map((p) => p.event));
      const byId = new Map(appended.map((a) => [a.eventId, a]));
      this.opts.onFlush?.(batch.length, (performance.now() - started) / 1000, true);
      for (const p of batch) {
        const a = byId.get(p.event.eventId);
        if (a) p.resolve(a);
        else p.reject(new Error(`event ${p.event.eventId} missing from the append result`));
      }
    } catch (err) {
      this.opts.onFlush?.(batch.length, (performance.now() - started) / 1000, false);
      for (const p of batch) p.reject(err);
    }
  }
}
