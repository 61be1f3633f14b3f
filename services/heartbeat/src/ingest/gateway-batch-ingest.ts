import { GatewayHeartbeat, Vin, type HeartbeatAccepted } from '@vehicle-tracker/contracts';
import { newEventId } from '@vehicle-tracker/event-store';
import {
  badRequest,
  fromZod,
  isDatabaseUnavailable,
  notFound,
  serviceUnavailable,
  tooManyRequests,
} from '@vehicle-tracker/service-kit';
import type { VehicleCredential } from '../db/credentials';
import {
  heartbeatEvent,
  heartbeatMetadata,
  type HeartbeatToAppend,
  type IngestContext,
} from '../domain/heartbeat';
import type { IngestDeps } from './heartbeat-ingest';

/** One item's outcome: accepted, or why not (an HttpError, or the append's error when the batch failed). */
export type ItemOutcome = (HeartbeatAccepted & { vin: string }) | Error;

/**
 * The items of one gateway request, checked one by one exactly like device heartbeats (shape, VIN, an active
 * vehicle, the vehicle's rate limit) but paid for per request where possible: the misses among the VINs are
 * loaded in one query, the accepted items go to the group committer as one submission (one promise, one append
 * unless it shares a statement with single heartbeats), accepted counts are one metric update.
 */
export async function recordGatewayBatch(
  deps: IngestDeps,
  items: readonly unknown[],
  receivedAt: Date,
  ctx: IngestContext,
): Promise<ItemOutcome[]> {
  const outcomes = new Array<ItemOutcome>(items.length);
  const vins = new Array<string | undefined>(items.length);
  const bodies = items.map((item, i) => {
    const parsed = GatewayHeartbeat.safeParse(item);
    if (!parsed.success) return void (outcomes[i] = fromZod(parsed.error, 'item'));
    const vin = Vin.safeParse(parsed.data.vin);
    if (!vin.success) return void (outcomes[i] = badRequest('malformed VIN'));
    vins[i] = vin.data;
    return parsed.data;
  });
  const credentials = await credentialsOf(deps, vins, outcomes);
  const events: HeartbeatToAppend[] = [];
  const accepted: number[] = [];
  // One metadata object for the whole request: events are serialised, never mutated.
  const metadata = heartbeatMetadata(ctx);
  const receivedIso = receivedAt.toISOString();
  for (let i = 0; i < items.length; i++) {
    const vin = vins[i];
    if (vin === undefined || outcomes[i]) continue;
    const credential = credentials[i];
    if (!credential || credential.retired) {
      outcomes[i] = notFound(`no active vehicle ${vin}`);
      continue;
    }
    const rate = deps.limiter.take(vin);
    if (!rate.ok) {
      outcomes[i] = tooManyRequests(rate.retryAfterSeconds, `vehicle ${vin} sends heartbeats too often`);
      continue;
    }
    // The parsed item still holds the VIN as sent; heartbeatEvent takes the body's fields only.
    events.push(heartbeatEvent(vin, bodies[i]!, receivedIso, ctx, newEventId(), metadata));
    accepted.push(i);
  }
  await append(deps, events, accepted, vins as string[], outcomes, ctx);
  return outcomes;
}

/** Each item's credential (hits synchronously, the misses of this turn in one query); a failed load is its outcome. */
async function credentialsOf(
  deps: IngestDeps,
  vins: readonly (string | undefined)[],
  outcomes: ItemOutcome[],
): Promise<(VehicleCredential | null | undefined)[]> {
  const found = new Array<VehicleCredential | null | undefined>(vins.length);
  const misses: Promise<void>[] = [];
  vins.forEach((vin, i) => {
    if (vin === undefined) return;
    const c = deps.credentials.vehicle(vin);
    if (!(c instanceof Promise)) return void (found[i] = c);
    misses.push(
      c.then(
        (value) => void (found[i] = value),
        (err: unknown) => void (outcomes[i] = unavailable(err)),
      ),
    );
  });
  if (misses.length) await Promise.all(misses);
  return found;
}

async function append(
  deps: IngestDeps,
  events: HeartbeatToAppend[],
  accepted: number[],
  vins: string[],
  outcomes: ItemOutcome[],
  ctx: IngestContext,
): Promise<void> {
  if (events.length === 0) return;
  try {
    const appended = await deps.committer.submitAll(events);
    deps.metrics.accepted.inc({ route: ctx.source }, events.length);
    appended.forEach((a, k) => {
      const i = accepted[k]!;
      const e = events[k]!;
      outcomes[i] = {
        vin: vins[i]!,
        eventId: a.eventId,
        position: a.globalPosition,
        streamPosition: a.streamPosition,
        receivedAt: e.data.receivedAt,
      };
    });
  } catch (err) {
    const failed = unavailable(err);
    for (const i of accepted) {
      deps.limiter.refund(vins[i]!);
      outcomes[i] = failed;
    }
  }
}

const unavailable = (err: unknown): Error =>
  isDatabaseUnavailable(err) ? serviceUnavailable(2) : (err as Error);
