import type { Client } from 'pg';
import type { Logger } from '@vehicle-tracker/service-kit';

/** The channel the projector notifies after writing status_changes rows (payload: the highest id). */
export const STATUS_CHANNEL = 'status_changed';

/** Something that calls `onWake` when there may be new status changes. */
export interface WakeSource {
  start(onWake: () => void): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One dedicated LISTEN connection per replica. A notification is only a wake-up signal (its payload is not
 * trusted). When the connection drops it reconnects with backoff and wakes once, since notifications sent while
 * it was down are lost.
 */
export function pgChangeListener(connect: () => Client, logger: Logger, retryMs = 1_000): WakeSource {
  let client: Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const open = async (onWake: () => void): Promise<void> => {
    const c = connect();
    client = c;
    const retry = (err?: Error) => {
      if (err) logger.warn({ err }, 'status listener connection lost; reconnecting');
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      if (stopped || client !== c) return;
      client = undefined;
      timer = setTimeout(() => void open(onWake), retryMs);
    };
    c.on('error', retry);
    c.on('notification', (msg) => {
      if (msg.channel === STATUS_CHANNEL) onWake();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${STATUS_CHANNEL}`);
    } catch (err) {
      retry(err as Error); // never thrown: the service starts (and streams resume) whenever the database is back
      return;
    }
    c.on('end', () => retry());
    onWake();
  };

  return {
    start: (onWake) => open(onWake),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
