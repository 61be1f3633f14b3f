import type { ConnectivityStatus } from '@vehicle-tracker/contracts';
import { offlineAt as deadlineOf } from '@vehicle-tracker/contracts';
import {
  countHeartbeat,
  deleteInterval,
  noteDeadline,
  putInterval,
  touch,
  touchHeartbeat,
  touchStatus,
  type Batch,
} from './batch';
import { openIntervalStart, type VehicleState } from './model';

/*
 * The offline rule and the interval history, as a fold over the log in commit order.
 *
 * Every event first brings the vehicle to the event's own time ("advance"): a deadline at or before that time
 * is applied (offline from the deadline itself), and a flip whose deadline lies after that time is undone. The
 * live runner also flips vehicles when the wall clock passes their deadline; since a flip commutes with every
 * later event through advance(), the live run and a replay from position zero give the same rows whatever the
 * wall clock was.
 */

const max = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/** Closes the open interval at `at` (never before its start) and opens one with `status`. */
export function transition(b: Batch, v: VehicleState, at: Date, status: ConnectivityStatus): void {
  touchStatus(b, v);
  const start = openIntervalStart(v);
  const when = max(at, start);
  if (when.getTime() > start.getTime())
    putInterval(b, { vin: v.vin, startedAt: start, endedAt: when, status: v.status });
  // At the same instant the open interval is replaced in place: intervals never have zero length.
  putInterval(b, { vin: v.vin, startedAt: when, endedAt: null, status });
  v.status = status;
  v.statusSince = when;
  v.flippedFrom = null;
}

/** Online to offline at the deadline itself (not at the time the flip is noticed). */
export function flip(b: Batch, v: VehicleState): void {
  if (v.status !== 'online' || !v.offlineAt || v.retiredAt) return;
  const onlineSince = openIntervalStart(v);
  transition(b, v, v.offlineAt, 'offline');
  v.flippedFrom = onlineSince;
}

/** Undoes a flip: drops the offline interval and reopens the online one it closed. The deadline is unchanged. */
export function unflip(b: Batch, v: VehicleState): void {
  if (v.status !== 'offline' || !v.flippedFrom || !v.statusSince) return;
  touchStatus(b, v);
  if (v.flippedFrom.getTime() < v.statusSince.getTime()) deleteInterval(b, v.vin, v.statusSince);
  putInterval(b, { vin: v.vin, startedAt: v.flippedFrom, endedAt: null, status: 'online' });
  v.status = 'online';
  v.statusSince = v.flippedFrom;
  v.flippedFrom = null;
  noteDeadline(b, v.offlineAt);
}

/** Brings the vehicle to time `t`: applies a deadline at or before t, undoes a flip whose deadline is after t. */
export function advance(b: Batch, v: VehicleState, t: Date): void {
  if (v.retiredAt) return;
  if (v.status === 'online' && v.offlineAt && v.offlineAt.getTime() <= t.getTime()) flip(b, v);
  else if (v.status === 'offline' && v.flippedFrom && v.statusSince && v.statusSince.getTime() > t.getTime())
    unflip(b, v);
}

/**
 * A heartbeat received at `receivedAt` (server clock). One not newer than the last heartbeat (commit order
 * differs slightly from receive order) is counted but changes nothing else: last_heartbeat_at never moves back.
 */
export function recordHeartbeat(b: Batch, v: VehicleState, receivedAt: Date): void {
  if (v.retiredAt) return;
  // Heartbeat fields only, unless advance() or transition() below change the status too (they touchStatus()).
  touchHeartbeat(b, v);
  v.heartbeatCount += 1;
  countHeartbeat(b, v.vin, receivedAt);
  if (v.lastHeartbeatAt && receivedAt.getTime() <= v.lastHeartbeatAt.getTime()) return;
  advance(b, v, receivedAt);
  if (v.status !== 'online') transition(b, v, receivedAt, 'online');
  v.lastHeartbeatAt = receivedAt;
  v.offlineAt = deadlineOf(receivedAt, v.effectiveTimeoutSeconds);
  noteDeadline(b, v.offlineAt);
}

/**
 * The effective timeout changes at `at` (a registry event's recordedAt). An online vehicle's deadline becomes
 * max(last heartbeat + new timeout, at): the old timeout was in force until `at`, so a shorter timeout whose
 * deadline already passed takes it offline at `at`, never earlier. An offline or never-seen vehicle keeps its
 * status until its next heartbeat, which uses the new timeout.
 */
export function changeTimeout(b: Batch, v: VehicleState, effective: number, at: Date): void {
  if (v.retiredAt || effective === v.effectiveTimeoutSeconds) return;
  touch(b, v);
  advance(b, v, at);
  v.effectiveTimeoutSeconds = effective;
  if (v.status === 'online' && v.lastHeartbeatAt) {
    v.offlineAt = max(deadlineOf(v.lastHeartbeatAt, effective), at);
    noteDeadline(b, v.offlineAt);
  }
}

/**
 * Retirement closes the open interval; the vehicle leaves its customer's counts and has no deadline any more. It
 * takes effect at `at`, or at the open interval's start if that is later (a heartbeat received by a server whose
 * clock runs ahead of the database's): the intervals then tile [registeredAt, retiredAt) exactly, which the
 * fleet's per-instant counts rely on (migration 0012).
 */
export function retire(b: Batch, v: VehicleState, at: Date): void {
  if (v.retiredAt) return;
  touch(b, v);
  advance(b, v, at);
  const start = openIntervalStart(v);
  const when = max(at, start);
  putInterval(b, { vin: v.vin, startedAt: start, endedAt: when, status: v.status });
  v.retiredAt = when;
  v.offlineAt = null;
  v.flippedFrom = null;
}
