import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then random bits. Time-ordered ids keep inserts into the
 * unique event_id index at its right edge instead of random pages. Written here because Node 20's crypto has
 * only v4 and the uuid package is ESM-only from v12 on. The random part is a v4 UUID's (randomUUID draws from a
 * buffered entropy pool, several times cheaper than randomBytes(16) per id, which matters at 1000 ids a batch):
 * its first 48 bits and version nibble are replaced, its variant bits are already RFC 4122.
 */
export function newEventId(now = Date.now()): string {
  if (now !== prefixAt) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    prefixAt = now;
  }
  return prefix + randomUUID().slice(15);
}

// The timestamp part of the last millisecond asked for: a batch of ids mostly shares it.
let prefixAt = -1;
let prefix = '';
