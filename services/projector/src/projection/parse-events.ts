import { VehicleTrackerEvent } from '@vehicle-tracker/contracts';
import type { LogEvent } from '../db/events';

export interface ParsedEvent {
  event: VehicleTrackerEvent;
  recordedAt: Date;
}

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses stored events for the fold; those that do not parse are returned apart (skipped, logged). Heartbeats,
 * almost every event, take a cheap path: they were validated by the heartbeat service before they were written,
 * and the fold reads only their vin and receivedAt, so checking those two (already normalised) is enough. A
 * heartbeat failing the cheap check still gets the full zod parse, which may normalise or reject it.
 */
export function parseEvents(stored: readonly LogEvent[]): {
  parsed: ParsedEvent[];
  skipped: LogEvent[];
} {
  const parsed: ParsedEvent[] = [];
  const skipped: LogEvent[] = [];
  for (const s of stored) {
    const event = s.type === 'HeartbeatRecorded' ? fastHeartbeat(s) : undefined;
    if (event) {
      parsed.push({ event, recordedAt: s.recordedAt });
      continue;
    }
    const result = VehicleTrackerEvent.safeParse({ type: s.type, data: s.data, metadata: s.metadata });
    if (result.success) parsed.push({ event: result.data, recordedAt: s.recordedAt });
    else skipped.push(s);
  }
  return { parsed, skipped };
}

function fastHeartbeat(s: LogEvent): VehicleTrackerEvent | undefined {
  const data = s.data as { vin?: unknown; receivedAt?: unknown } | null;
  if (typeof data !== 'object' || data === null) return undefined;
  const { vin, receivedAt } = data;
  if (typeof vin !== 'string' || !VIN.test(vin)) return undefined;
  if (typeof receivedAt !== 'string' || !ISO.test(receivedAt) || Number.isNaN(Date.parse(receivedAt)))
    return undefined;
  if (typeof s.metadata !== 'object' || s.metadata === null) return undefined;
  // The stored body as is: the fold reads data.vin and data.receivedAt only.
  return { type: 'HeartbeatRecorded', data, metadata: s.metadata } as VehicleTrackerEvent;
}
