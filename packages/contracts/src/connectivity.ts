/**
 * The one online rule, used by every reader: a vehicle is online while its last heartbeat (server receive time)
 * is less than its offline timeout old. It goes offline at exactly `offlineAt`.
 */
export function offlineAt(lastHeartbeatAt: Date, timeoutSeconds: number): Date {
  return new Date(lastHeartbeatAt.getTime() + timeoutSeconds * 1000);
}

export function isOnline(lastHeartbeatAt: Date | null, timeoutSeconds: number, now: Date): boolean {
  return lastHeartbeatAt !== null && now.getTime() < offlineAt(lastHeartbeatAt, timeoutSeconds).getTime();
}

/** The timeout in force: the vehicle's own, else its customer's, else the system default (OFFLINE_AFTER). */
export function effectiveTimeout(
  vehicle: number | null,
  customer: number | null,
  systemDefault: number,
): number {
  return vehicle ?? customer ?? systemDefault;
}

export type ConnectivityStatus = 'online' | 'offline' | 'never-seen';
