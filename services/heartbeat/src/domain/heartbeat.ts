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

/** The HeartbeatRecorded event for one heartbeat: the server clock is authoritative, the device's is kept. */
export function heartbeatEvent(
  vin: Vin,
  body: HeartbeatBody,
  receivedAt: Date,
  ctx: IngestContext,
  eventId: string,
): HeartbeatToAppend {
  const data: HeartbeatToAppend['data'] = { vin, receivedAt: receivedAt.toISOString() };
  if (body.sentAt !== undefined) data.sentAt = body.sentAt;
  if (body.sequence !== undefined) data.sequence = body.sequence;
  if (body.firmware !== undefined) data.firmware = body.firmware;
  if (ctx.gatewayId !== undefined) data.gatewayId = ctx.gatewayId;
  return {
    eventId,
    streamId: streams.vehicle(vin),
    type: 'HeartbeatRecorded',
    data,
    metadata: { correlationId: ctx.correlationId, source: ctx.source, schemaVersion: 1 },
  };
}
