import type { Client } from 'pg';

/** The channel append_events() notifies at each commit. */
export const EVENTS_CHANNEL = 'events_appended';

/**
 * Calls `onAppend` whenever an append commits. The client must be dedicated (not pooled): LISTEN lasts for the
 * session. Returns a function that stops listening.
 */
export async function listenForAppends(client: Client, onAppend: () => void): Promise<() => Promise<void>> {
  const handler = (msg: { channel: string }) => {
    if (msg.channel === EVENTS_CHANNEL) onAppend();
  };
  client.on('notification', handler);
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  return async () => {
    client.removeListener('notification', handler);
    await client.query(`UNLISTEN ${EVENTS_CHANNEL}`).catch(() => undefined);
  };
}
