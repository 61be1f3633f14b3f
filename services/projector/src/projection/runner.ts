import { readAll, type Checkpoint, type StoredEvent } from '@vehicle-tracker/event-store';
import type { Queryable } from '@vehicle-tracker/service-kit';
import type { ClientBase } from 'pg';
import type { Logger } from 'pino';
import { readCheckpoint } from '../db/checkpoint';
import { pruneStatusChanges } from '../db/status-changes';
import { nextDeadline } from '../db/vehicles';
import { applyDeadlines } from './apply-deadlines';
import { applyEvents } from './apply-events';
import type { Target } from './target';
import { CheckpointMovedError, guardedTransaction } from './transaction';

export interface RunnerMetrics {
  batch(events: number, seconds: number, lastRecordedAt: Date | null, caughtUp: boolean): void;
  flips(count: number): void;
}

export interface RunnerDeps {
  /** Dedicated connection: holds the leader lock, so every write dies with the lock. */
  client: ClientBase;
  /** Reads of the log (prefetching the next batch while the current one is written). */
  reader: Queryable;
  target: Target;
  batchSize: number;
  /** Fallback poll when no NOTIFY arrives. */
  pollMs: number;
  /** Minimum time between two deadline passes: bounds how late a flip can be. */
  flipIntervalMs: number;
  clock: () => Date;
  logger: Logger;
  metrics?: RunnerMetrics;
}

const FLIP_LIMIT = 5000;
const PRUNE_EVERY_MS = 60_000;
const FEED_MAX_AGE_SECONDS = 3600;

/**
 * The projection loop of the active replica: catch up on the log in commit-safe batches, then flip the vehicles
 * whose deadline passed, then sleep until a NOTIFY, the next deadline or the fallback poll. One transaction at a
 * time on one connection. Any error ends run() (the caller resigns and re-elects): the in-memory position is
 * then reloaded from the database, so an ambiguous COMMIT is never guessed at.
 */
export class Runner {
  private checkpoint: Checkpoint = { transactionId: '0', globalPosition: 0 };
  private deadline: Date | null = null;
  private lastFlipPass = 0;
  private lastPrune = 0;
  private lastDeadlineQuery = 0;
  private pending = false;
  private stopped = false;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly deps: RunnerDeps) {}

  /** A NOTIFY arrived (or anything else worth a look): run the loop now. */
  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  get position(): Checkpoint {
    return this.checkpoint;
  }

  async run(): Promise<void> {
    await this.reload();
    while (!this.stopped) {
      try {
        await this.iterate();
      } catch (err) {
        if (!(err instanceof CheckpointMovedError)) throw err;
        this.deps.logger.warn(
          { err },
          'read model changed under the runner (rebuild swapped in?); reloading',
        );
        await this.reload();
      }
      await this.sleep();
    }
  }

  /** Reads and applies batches until the log has nothing more that is safe to read. Returns events applied. */
  async catchUp(): Promise<number> {
    const { reader, target, batchSize } = this.deps;
    let applied = 0;
    let next = readAll(reader, this.checkpoint, batchSize);
    for (;;) {
      const batch = await next;
      if (batch.events.length === 0) return applied;
      const full = batch.events.length === batchSize && !this.stopped;
      // Prefetch the next batch while this one is written; its outcome is awaited (or dropped) on the next turn.
      next = full
        ? readAll(reader, batch.checkpoint, batchSize)
        : Promise.resolve({ events: [], checkpoint: batch.checkpoint });
      next.catch(() => undefined);
      const started = performance.now();
      const outcome = await guardedTransaction(this.deps.client, target, this.checkpoint, () =>
        applyEvents(this.deps.client, target, batch.events, batch.checkpoint),
      );
      this.checkpoint = batch.checkpoint;
      applied += outcome.events;
      this.noteDeadline(outcome.earliestDeadline);
      this.reportSkipped(outcome.skipped);
      const last = batch.events[batch.events.length - 1]!;
      this.deps.metrics?.batch(outcome.events, (performance.now() - started) / 1000, last.recordedAt, !full);
    }
  }

  /** Flips every online vehicle whose deadline is at or before `now`, in transactions of up to FLIP_LIMIT. */
  async flipDue(now: Date): Promise<number> {
    let flipped = 0;
    for (;;) {
      const { due } = await guardedTransaction(this.deps.client, this.deps.target, this.checkpoint, () =>
        applyDeadlines(this.deps.client, this.deps.target, now, FLIP_LIMIT),
      );
      flipped += due;
      if (due < FLIP_LIMIT) break;
    }
    this.lastFlipPass = Date.now();
    this.deadline = await nextDeadline(this.deps.client, this.deps.target.schema);
    if (flipped) this.deps.metrics?.flips(flipped);
    return flipped;
  }

  private async iterate(): Promise<void> {
    this.pending = false;
    // Take "now" before reading: every heartbeat committed before it is then applied before anything flips.
    const now = this.deps.clock();
    await this.catchUp();
    const due = this.deadline && this.deadline.getTime() <= now.getTime();
    if (due && Date.now() - this.lastFlipPass >= this.deps.flipIntervalMs && !this.stopped)
      await this.flipDue(now);
    else if (Date.now() - this.lastDeadlineQuery >= this.deps.pollMs) {
      // Cheap (index vehicles_offline_at); keeps the timer right when a deadline moved later or a flip was undone.
      this.lastDeadlineQuery = Date.now();
      this.deadline = await nextDeadline(this.deps.client, this.deps.target.schema);
    }
    if (this.deps.target.publish && Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneStatusChanges(this.deps.client, FEED_MAX_AGE_SECONDS);
    }
  }

  /** Loads the position and next deadline from the database (run() does it itself). */
  async load(): Promise<void> {
    await this.reload();
  }

  private async reload(): Promise<void> {
    this.checkpoint = await readCheckpoint(
      this.deps.client,
      this.deps.target.schema,
      this.deps.target.projection,
    );
    this.deadline = await nextDeadline(this.deps.client, this.deps.target.schema);
    this.deps.logger.info(
      { checkpoint: this.checkpoint, schema: this.deps.target.schema },
      'projection loaded',
    );
  }

  private noteDeadline(at: Date | null): void {
    if (at && (!this.deadline || at < this.deadline)) this.deadline = at;
  }

  private reportSkipped(skipped: StoredEvent[]): void {
    for (const e of skipped)
      this.deps.logger.warn(
        { globalPosition: e.globalPosition, type: e.type },
        'event does not parse; skipped',
      );
  }

  /** Until a wake-up, the next deadline (no sooner than flipIntervalMs after the last pass) or the poll interval. */
  private async sleep(): Promise<void> {
    if (this.pending || this.stopped) return;
    let ms = this.deps.pollMs;
    if (this.deadline) {
      const at = Math.max(this.deadline.getTime(), this.lastFlipPass + this.deps.flipIntervalMs);
      ms = Math.min(ms, at - this.deps.clock().getTime());
    }
    if (ms <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
  }
}
