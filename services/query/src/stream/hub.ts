import type { Logger, Queryable } from '@vehicle-tracker/service-kit';
import { changeBounds, changesAfter, customerCounts, type StatusChange } from '../db/status-changes';
import { countsEvent, type CustomerCounter } from '../domain/stream-counts';
import type { WakeSource } from './change-listener';
import type { SseClient } from './sse-client';

/** How stale the counts sent on connect may be. */
const COUNTS_MAX_AGE_MS = 1_000;

export interface StreamHubOptions {
  db: Queryable;
  wake: WakeSource;
  logger: Logger;
  keepaliveMs: number;
  /** Fallback poll, for notifications missed while the LISTEN connection was down. */
  pollMs: number;
  /** A resume that misses more changes than this gets `reset` instead of a replay. */
  replayLimit?: number;
  batchSize?: number;
}

/**
 * Fans status changes out to every open stream of this replica. Whatever the number of streams, a wake-up costs
 * one query for the new rows (id > the last one seen) and one for the counters. Pulls, resumes and attaches run
 * one at a time on one chain, so a resuming client gets its replay and then exactly the live rows after it.
 * Assumes status_changes ids commit in order (one projector writes them, one transaction at a time).
 */
export class StreamHub {
  private readonly clients = new Set<SseClient>();
  private lastId = 0;
  private chain: Promise<void> = Promise.resolve();
  private pullQueued = false;
  private timers: NodeJS.Timeout[] = [];
  private countersCache: { at: number; value: CustomerCounter[] } | undefined;
  private readonly replayLimit: number;
  private readonly batchSize: number;

  constructor(private readonly opts: StreamHubOptions) {
    this.replayLimit = opts.replayLimit ?? 10_000;
    this.batchSize = opts.batchSize ?? 1_000;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Starts from the newest change (older ones are only replayed on resume), then listens and polls. */
  async start(): Promise<void> {
    await this.enqueue(async () => {
      this.lastId = (await changeBounds(this.opts.db)).max ?? 0;
    });
    await this.opts.wake.start(() => this.wake());
    this.timers.push(setInterval(() => this.wake(), this.opts.pollMs));
    this.timers.push(setInterval(() => this.keepalive(), this.opts.keepaliveMs));
    for (const t of this.timers) t.unref();
  }

  /** Ends every stream (so a graceful shutdown is not held up by them) and stops listening. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const c of this.clients) c.close();
    this.clients.clear();
    await this.opts.wake.stop();
  }

  /** Coalesces wake-ups: at most one pull waits behind the running one. */
  wake(): void {
    if (this.pullQueued) return;
    this.pullQueued = true;
    void this.enqueue(async () => {
      this.pullQueued = false;
      await this.pull();
    });
  }

  /** Replays what a resuming client missed (or tells it to reset), sends the counts, then makes it live. */
  attach(client: SseClient, resumeAfter?: number): Promise<void> {
    return this.enqueue(async () => {
      client.cursor = this.lastId;
      if (resumeAfter !== undefined) await this.replay(client, resumeAfter);
      const counters = await this.counters(COUNTS_MAX_AGE_MS);
      if (client.isClosed) return;
      client.event('counts', JSON.stringify(countsEvent(counters, client.customerId)));
      this.clients.add(client);
    });
  }

  /** Resolves once every queued pull and attach has run (for tests and shutdown). */
  settled(): Promise<void> {
    return this.chain;
  }

  detach(client: SseClient): void {
    this.clients.delete(client);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain
      .then(task)
      .catch((err: unknown) => this.opts.logger.error({ err }, 'status stream task failed'));
    this.chain = run;
    return run;
  }

  private async replay(client: SseClient, after: number): Promise<void> {
    const bounds = await changeBounds(this.opts.db);
    const pruned = after < this.lastId && (bounds.min === null || after < bounds.min - 1);
    const changes = pruned
      ? []
      : await changesAfter(this.opts.db, {
          afterId: after,
          untilId: this.lastId,
          customerId: client.customerId,
          limit: this.replayLimit + 1,
        });
    if (pruned || after > this.lastId || changes.length > this.replayLimit) {
      client.event('reset', JSON.stringify({ reason: 'the stream cannot resume from that event; refetch' }));
      return;
    }
    for (const change of changes) client.event('status', JSON.stringify(change.data), change.id);
    client.cursor = this.lastId;
  }

  /**
   * Sends each batch of new rows as it is read, so a burst (a fleet reconnecting at once) costs memory and
   * event-loop time per batch, not per burst, and the connections drain between batches; then the counts, once.
   */
  private async pull(): Promise<void> {
    const touched = new Set<string>();
    for (;;) {
      const batch = await changesAfter(this.opts.db, { afterId: this.lastId, limit: this.batchSize });
      if (batch.length > 0 && this.clients.size > 0) this.fanOut(batch);
      for (const c of batch) touched.add(c.data.customerId);
      const last = batch.at(-1);
      if (last) this.lastId = last.id;
      if (batch.length < this.batchSize) break;
    }
    if (this.clients.size === 0) return;
    const before = this.countersCache?.value;
    const counters = await this.counters(0);
    if (touched.size > 0) this.sendCounts(counters, touched);
    else if (JSON.stringify(before) !== JSON.stringify(counters)) this.broadcastCounts(counters);
  }

  /**
   * Counts that moved without a status change (a vehicle registered or retired, a read-model rebuild, which
   * notifies too): sent when a wake-up or poll finds no new rows but different counters.
   */
  private broadcastCounts(counters: CustomerCounter[]): void {
    const counts = new Map<string | undefined, string>();
    for (const client of this.clients) {
      if (!counts.has(client.customerId))
        counts.set(client.customerId, JSON.stringify(countsEvent(counters, client.customerId)));
      client.event('counts', counts.get(client.customerId)!);
    }
  }

  /** The customer counters, re-read unless read less than `maxAgeMs` ago (a reconnect storm costs one query). */
  private async counters(maxAgeMs: number): Promise<CustomerCounter[]> {
    if (this.countersCache && Date.now() - this.countersCache.at < maxAgeMs) return this.countersCache.value;
    const value = await customerCounts(this.opts.db);
    this.countersCache = { at: Date.now(), value };
    return value;
  }

  /**
   * One write per stream per batch: the events it wants, as one text shared by every stream with the same filter
   * (a slow stream then holds a reference, not a copy). Only a stream that joined inside the batch gets its own.
   */
  private fanOut(changes: StatusChange[]): void {
    const events = changes.map((c) => ({
      id: c.id,
      customerId: c.data.customerId,
      text: `id: ${c.id}\nevent: status\ndata: ${JSON.stringify(c.data)}\n\n`,
    }));
    const first = events[0]!.id;
    const lastId = events.at(-1)!.id;
    const texts = new Map<string | undefined, string>();
    const textFor = (customerId: string | undefined, after: number) =>
      events
        .filter((e) => e.id > after && (customerId === undefined || e.customerId === customerId))
        .map((e) => e.text)
        .join('');
    for (const client of this.clients) {
      if (client.isClosed) {
        this.clients.delete(client);
        continue;
      }
      let text: string;
      if (client.cursor < first) {
        if (!texts.has(client.customerId)) texts.set(client.customerId, textFor(client.customerId, 0));
        text = texts.get(client.customerId)!;
      } else text = textFor(client.customerId, client.cursor);
      client.events(text, lastId);
    }
  }

  /** Fresh counts to every unfiltered stream and to the streams of a customer whose vehicles changed. */
  private sendCounts(counters: CustomerCounter[], touched: Set<string>): void {
    const counts = new Map<string | undefined, string>();
    for (const client of this.clients) {
      if (client.customerId !== undefined && !touched.has(client.customerId)) continue;
      if (!counts.has(client.customerId))
        counts.set(client.customerId, JSON.stringify(countsEvent(counters, client.customerId)));
      client.event('counts', counts.get(client.customerId)!);
    }
  }

  private keepalive(): void {
    for (const client of this.clients) client.comment('keepalive');
  }
}
