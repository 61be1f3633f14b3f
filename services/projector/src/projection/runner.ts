import type { Checkpoint } from '@vehicle-tracker/event-store';
import type { Queryable } from '@vehicle-tracker/service-kit';
import type { ClientBase } from 'pg';
import type { Logger } from 'pino';
import { deadlinesAfterSave, readCheckpoint } from '../db/checkpoint';
import type { LogEvent } from '../db/events';
import { runStatements, type Statement } from '../db/statement';
import { pruneStatusChanges } from '../db/status-changes';
import { loadDeadlines } from '../db/vehicles';
import { FleetCache } from '../domain/fleet-cache';
import { cacheCapacity, nextBatchSize, type BatchSizing } from '../domain/memory-budget';
import { applyDeadlines } from './apply-deadlines';
import { foldPage } from './apply-events';
import { emptyPage, readPage, type LogPage } from './read-page';
import type { Target } from './target';
import { CheckpointMovedError, guardedTransaction } from './transaction';
import { planWrites } from './write-batch';

export interface RunnerMetrics {
  batch(events: number, seconds: number, lastRecordedAt: Date | null, caughtUp: boolean): void;
  flips(count: number): void;
}

export interface RunnerDeps {
  /** Dedicated connection: holds the leader lock, so every write dies with the lock. */
  client: ClientBase;
  /** Reads of the log and loads of rows the cache misses (ahead of the write in flight on `client`). */
  reader: Queryable;
  target: Target;
  /** Events of the first read; doubles while reads come back full (see catchUp). */
  batchSize: number;
  /** Largest batch while behind (default batchSize: no growth). */
  maxBatchSize?: number;
  /**
   * Working memory the runner may fill, bytes (default: unbounded): bounds batch growth by weight as well as by
   * count, and the fleet cache's rows (see domain/memory-budget).
   */
  memoryBudgetBytes?: number;
  /** Fallback poll when no NOTIFY arrives. */
  pollMs: number;
  /** Minimum time between two deadline passes: bounds how late a flip can be. */
  flipIntervalMs: number;
  clock: () => Date;
  logger: Logger;
  metrics?: RunnerMetrics;
  /** The runner's knowledge of its tables (default: a new one); rebuild shares it with its swap. */
  cache?: FleetCache;
}

const FLIP_LIMIT = 5000;
const PRUNE_EVERY_MS = 60_000;
const FEED_MAX_AGE_SECONDS = 3600;

/**
 * The projection loop of the active replica: catch up on the log in commit-safe batches, then flip the vehicles
 * whose deadline passed, then sleep until a NOTIFY, the next deadline or the fallback poll. One transaction at a
 * time on one connection. Any error ends run() (the caller resigns and re-elects): the in-memory position is
 * then reloaded from the database, so an ambiguous COMMIT is never guessed at.
 *
 * As the only writer of its schema, the runner keeps the rows it has seen and the deadline of every online
 * vehicle in memory (FleetCache): batches load only rows they do not know, and the deadline pass needs no query.
 * The cache is dropped with the position: on any failed transaction and when the checkpoint check fails.
 */
export class Runner {
  private checkpoint: Checkpoint = { transactionId: '0', globalPosition: 0 };
  private lastFlipPass = 0;
  private lastPrune = 0;
  private pending = false;
  /** Events per read: from deps.batchSize, doubling while reads come back full (see catchUp). */
  private batchSize: number;
  private readonly sizing: BatchSizing;
  private readonly cacheCapacity: number;
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  readonly cache: FleetCache;

  constructor(private readonly deps: RunnerDeps) {
    this.cache = deps.cache ?? new FleetCache();
    this.batchSize = deps.batchSize;
    const budgetBytes = deps.memoryBudgetBytes ?? Infinity;
    this.sizing = {
      min: deps.batchSize,
      max: Math.max(deps.batchSize, deps.maxBatchSize ?? deps.batchSize),
      budgetBytes,
    };
    this.cacheCapacity = Number.isFinite(budgetBytes) ? cacheCapacity(budgetBytes) : Infinity;
  }

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

  /**
   * Reads and applies batches until the log has nothing more that is safe to read. Returns events applied.
   *
   * A pipeline of three stages: while batch N's transaction runs on the leader connection, batch N+1 is folded
   * (its missing rows loaded through the reader) and batch N+2 read. Transactions still run one at a time, in log
   * order, each with its rows and its checkpoint. Folding ahead of a commit mutates cached rows the database does
   * not have yet, so any failure drops the cache (the caller reloads it from the committed state).
   *
   * While full batches come back (behind), each next one is twice as large, up to maxBatchSize: per-batch work (a
   * row per vehicle, per vehicle and hour, a transaction) then spreads over more events. The size is kept for the
   * next catch-up: under a steady load the runner is behind again at each wake-up, and restarting small would
   * write every busy vehicle's row once per small batch. The memory budget bounds it too (nextBatchSize): a page
   * of registrations weighs fifteen times a page of heartbeats. Once a batch is folded and the one before it
   * committed, the fleet cache forgets rows beyond its capacity (never the folded batch's: ahead of the database).
   */
  async catchUp(): Promise<number> {
    const { reader, target } = this.deps;
    let applied = 0;
    let writing: Promise<void> | undefined;
    let next = readPage(reader, this.checkpoint, this.batchSize);
    try {
      for (;;) {
        const page = await next;
        if (page.size === 0) break;
        const full = page.size === this.batchSize && !this.stopped;
        this.resize(page, full);
        next = full
          ? readPage(reader, page.checkpoint, this.batchSize)
          : Promise.resolve(emptyPage(page.checkpoint));
        next.catch(() => undefined); // awaited (or dropped) on the next turn
        const started = performance.now();
        const b = await foldPage(reader, target, this.cache, page, () => writing ?? Promise.resolve());
        // Built before the next fold mutates the same rows; cached ahead of the commit (see above).
        const { statements } = planWrites(target, b, page.checkpoint);
        this.cache.committed(b);
        // The queue now holds every online vehicle as of this batch's commit (the next fold has not begun).
        statements.push(this.deadlinesAfter());
        await writing;
        this.cache.trim(this.cacheCapacity, b.vehicles);
        writing = this.commit(statements, page, !full, started).then(() => {
          applied += page.size;
        });
        writing.catch(() => undefined); // awaited on the next turn or below
      }
      await writing;
    } catch (err) {
      // Nothing may run on the leader connection after this returns while a transaction is still in flight.
      await writing?.catch(() => undefined);
      this.cache.clear();
      throw err;
    }
    return applied;
  }

  /** The size of the next read (see catchUp); logged when memory holds it back. */
  private resize(page: LogPage, full: boolean): void {
    const rss = process.memoryUsage.rss();
    const next = nextBatchSize(
      this.batchSize,
      { full, size: page.size, bytes: page.bytes },
      rss,
      this.sizing,
    );
    const unbounded = full ? Math.min(this.batchSize * 2, this.sizing.max) : this.batchSize;
    if (next < unbounded)
      this.deps.logger.debug(
        { batchSize: next, countOnly: unbounded, rssMb: Math.round(rss / 2 ** 20), pageBytes: page.bytes },
        'batch size held back by the memory budget',
      );
    this.batchSize = next;
  }

  private async commit(statements: Statement[], page: LogPage, caughtUp: boolean, started: number) {
    await this.transaction(() => runStatements(this.deps.client, statements));
    this.checkpoint = page.checkpoint;
    this.reportSkipped(page.skipped);
    this.deps.metrics?.batch(page.size, (performance.now() - started) / 1000, page.newest, caughtUp);
  }

  /**
   * Flips every online vehicle whose deadline is at or before `now`, in transactions of up to FLIP_LIMIT. With
   * `yieldToEvents`, stops between two transactions when new events were announced: they go first (the pass
   * resumes on the next turn), so a mass expiry does not hold back live heartbeats.
   */
  async flipDue(now: Date, yieldToEvents = false): Promise<number> {
    let flipped = 0;
    let complete = false;
    // At least one transaction per pass, so flips progress even under a constant stream of NOTIFYs.
    do {
      const { due } = await this.transaction(async () => {
        const pass = await applyDeadlines(this.deps.client, this.deps.target, this.cache, now, FLIP_LIMIT);
        // Before the COMMIT, so the queue's head can be written with the flips: a failed transaction clears the
        // cache anyway (see transaction()).
        if (pass.batch) this.cache.committed(pass.batch);
        await runStatements(this.deps.client, [this.deadlinesAfter()]);
        return pass;
      });
      this.cache.trim(this.cacheCapacity);
      flipped += due;
      complete = due < FLIP_LIMIT;
    } while (!complete && !(yieldToEvents && this.pending));
    if (complete) this.lastFlipPass = Date.now();
    if (flipped) this.deps.metrics?.flips(flipped);
    return flipped;
  }

  private async iterate(): Promise<void> {
    this.pending = false;
    // Take "now" before reading: every heartbeat committed before it is then applied before anything flips.
    const now = this.deps.clock();
    await this.catchUp();
    const deadline = this.cache.deadlines.peek();
    const due = deadline !== null && deadline <= now.getTime();
    if (due && Date.now() - this.lastFlipPass >= this.deps.flipIntervalMs && !this.stopped)
      await this.flipDue(now, true);
    if (this.deps.target.publish && Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneStatusChanges(this.deps.client, FEED_MAX_AGE_SECONDS);
    }
  }

  /** The write of the deadline queue's head (see deadlinesAfterSave), as the cache has it now. */
  private deadlinesAfter(): Statement {
    const { target } = this.deps;
    return deadlinesAfterSave(target.schema, target.projection, this.cache.deadlines.peek());
  }

  /** Loads the position and the deadline queue from the database (run() does it itself). */
  async load(): Promise<void> {
    await this.reload();
  }

  /** Forgets everything cached, then reads the position and the deadline of every online vehicle. */
  private async reload(): Promise<void> {
    const { client, target } = this.deps;
    this.cache.clear();
    this.checkpoint = await readCheckpoint(client, target.schema, target.projection);
    for (const { vin, at } of await loadDeadlines(client, target.schema)) this.cache.deadlines.set(vin, at);
    this.deps.logger.info(
      { checkpoint: this.checkpoint, schema: this.deps.target.schema },
      'projection loaded',
    );
  }

  /**
   * A guarded transaction from the current checkpoint. The fold mutates cached rows in place, so after any failure
   * (rolled back, or a COMMIT whose outcome is unknown) the cache may be ahead of the database: it is dropped.
   */
  private async transaction<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await guardedTransaction(this.deps.client, this.deps.target, this.checkpoint, fn);
    } catch (err) {
      this.cache.clear();
      throw err;
    }
  }

  private reportSkipped(skipped: LogEvent[]): void {
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
    const deadline = this.cache.deadlines.peek();
    if (deadline !== null) {
      const at = Math.max(deadline, this.lastFlipPass + this.deps.flipIntervalMs);
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
