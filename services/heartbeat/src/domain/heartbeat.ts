import { HeartbeatBody, streams, type EventOf, type Vin } from '@vehicle-tracker/contracts';

/** Where a heartbeat came from, kept in the event's metadata. */
export interface IngestContext {
  correlationId: string;
  source: 'device' | 'gateway' | 'legacy';
  gatewayId?: string;
}

export interface HeartbeatToAppend {
  eventId: string;
  streamId: string;
  type: 'HeartbeatRecorded';
  data: EventOf<'HeartbeatRecorded'>['data'];
  metadata: EventOf<'HeartbeatRecorded'>['metadata'];
}

/** Where a heartbeat came from, as its event's metadata (one object may serve every item of a request). */
export function heartbeatMetadata(ctx: IngestContext): HeartbeatToAppend['metadata'] {
  return { correlationId: ctx.correlationId, source: ctx.source, schemaVersion: 1 };
}

/**
 * The HeartbeatRecorded event for one heartbeat: the server clock (`receivedAt`, ISO 8601, formatted once per
 * request) is authoritative, the device's is kept.
 */
export function heartbeatEvent(
  vin: Vin,
  body: HeartbeatBody,
  receivedAt: string,
  ctx: IngestContext,
  eventId: string,
  metadata = heartbeatMetadata(ctx),
): HeartbeatToAppend {
  const data: HeartbeatToAppend['data'] = { vin, receivedAt };
  if (body.sentAt !== undefined) data.sentAt = body.sentAt;
  if (body.sequence !== undefined) data.sequence = body.sequence;
  if (body.firmware !== undefined) data.firmware = body.firmware;
  if (ctx.gatewayId !== undefined) data.gatewayId = ctx.gatewayId;
  return {
    eventId,
    streamId: streams.vehicle(vin),
    type: 'HeartbeatRecorded',
    data,
    metadata,
  };
}
