import { VehicleTrackerEvent } from '@vehicle-tracker/contracts';
import type { LogEvent } from '../db/events';

export interface ParsedEvent {
  event: VehicleTrackerEvent;
  recordedAt: Date;
}

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The heartbeat fast path: heartbeats, almost every event, were validated by the heartbeat service before they
 * were written, and the fold reads only their vin and receivedAt, so checking those two (already normalised) is
 * enough. Returns receivedAt as epoch milliseconds (what `new Date(receivedAt)` holds), or NaN when the heartbeat
 * must take the full zod parse instead (which may normalise or reject it).
 */
export function heartbeatTime(vin: string, receivedAt: string): number {
  if (!VIN.test(vin) || !ISO.test(receivedAt)) return NaN;
  return Date.parse(receivedAt);
}

/** Parses a whole stored event for the fold; null when it does not parse (skipped, logged). */
export function parseEvent(s: LogEvent): ParsedEvent | null {
  const result = VehicleTrackerEvent.safeParse({ type: s.type, data: s.data, metadata: s.metadata });
  return result.success ? { event: result.data, recordedAt: s.recordedAt } : null;
}
