import type { AppendedEvent, NewEvent } from '@vehicle-tracker/event-store';
import { serviceUnavailable } from '@vehicle-tracker/service-kit';

type EventWithId = NewEvent & { eventId: string };

/** One submission: a single heartbeat, or every accepted item of a gateway batch, settled together. */
interface Pending {
  events: readonly EventWithId[];
  resolve: (appended: AppendedEvent[]) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  /** Appends one batch in one statement and returns the events in the order given. */
  append: (events: EventWithId[]) => Promise<AppendedEvent[]>;
  /** How long the first event of a batch waits for company; 0 = until the current event-loop turn ends. */
  windowMs: number;
  /** Events per append; a single submission larger than this goes alone, whole. */
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
 * whole batch fails together and nothing of it is written). A submission of many events (a gateway batch) is
 * one queue entry and one promise, never split across appends.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly opts: GroupCommitOptions) {}

  submit(event: EventWithId): Promise<AppendedEvent> {
    return this.submitAll([event]).then((appended) => appended[0]!);
  }

  /** Appends `events` together, in one statement with whatever else is queued; resolves in the order given. */
  submitAll(events: readonly EventWithId[]): Promise<AppendedEvent[]> {
    if (events.length === 0) return Promise.resolve([]);
    if (this.queued >= this.opts.maxQueued)
      return Promise.reject(serviceUnavailable(1, 'ingest is saturated'));
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.queued += events.length;
      this.schedule();
    });
  }

  /** Events waiting for a batch. */
  get pending(): number {
    return this.queued;
  }

  /** Sends what is queued now and waits until every batch has settled (shutdown). */
  async flush(): Promise<void> {
    while (this.queue.length || this.inFlight.size) {
      this.drain();
      await Promise.all([...this.inFlight]);
    }
  }

  private schedule(): void {
    if (this.queued >= this.opts.maxBatch) return this.drain();
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
      const running = this.run(this.takeBatch()).finally(() => {
        this.inFlight.delete(running);
        // Whatever gathered while every slot was busy has waited long enough: send it now.
        if (this.queue.length) this.drain();
      });
      this.inFlight.add(running);
    }
  }

  /** Submissions from the head of the queue up to maxBatch events (at least one submission). */
  private takeBatch(): Pending[] {
    let size = this.queue[0]!.events.length;
    let n = 1;
    while (n < this.queue.length && size + this.queue[n]!.events.length <= this.opts.maxBatch)
      size += this.queue[n++]!.events.length;
    this.queued -= size;
    return this.queue.splice(0, n);
  }

  private async run(batch: Pending[]): Promise<void> {
    const events = batch.length === 1 ? [...batch[0]!.events] : batch.flatMap((p) => p.events);
    const started = performance.now();
    let appended: AppendedEvent[];
    try {
      appended = await this.opts.append(events);
      if (appended.length !== events.length || appended.some((a, i) => a.eventId !== events[i]!.eventId))
        throw new Error('the append result does not match the events appended');
    } catch (err) {
      this.opts.onFlush?.(events.length, (performance.now() - started) / 1000, false);
      for (const p of batch) p.reject(err);
      return;
    }
    this.opts.onFlush?.(events.length, (performance.now() - started) / 1000, true);
    let offset = 0;
    for (const p of batch) {
      p.resolve(batch.length === 1 ? appended : appended.slice(offset, offset + p.events.length));
      offset += p.events.length;
    }
  }
}
