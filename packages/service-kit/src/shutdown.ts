import type { Server } from 'node:http';
import type { Logger } from 'pino';

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, then run `steps` in order
 * (flush batches, close pools). Exits 0 when done, 1 when the deadline passes first.
 */
export function onShutdown(opts: {
  server?: Server;
  logger: Logger;
  timeoutMs: number;
  steps: (() => Promise<void> | void)[];
}): () => Promise<void> {
  let running: Promise<void> | undefined;
  const shutdown = () =>
    (running ??= (async () => {
      opts.logger.info('shutting down');
      const timer = setTimeout(() => {
        opts.logger.error('shutdown deadline passed; exiting');
        process.exit(1);
      }, opts.timeoutMs);
      timer.unref();
      if (opts.server) {
        const closed = new Promise<void>((resolve) => opts.server!.close(() => resolve()));
        opts.server.closeIdleConnections();
        await closed;
      }
      for (const step of opts.steps) await step();
      opts.logger.info('stopped');
    })());
  const shutdownAndExit = () =>
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        opts.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdownAndExit());
  watchParent(process.env.VT_PARENT_PID, () => {
    opts.logger.warn('the supervising process is gone; shutting down');
    void shutdownAndExit();
  });
  return shutdown;
}

/**
 * A part started by a supervisor (the launcher sets VT_PARENT_PID) stops when that supervisor dies without
 * stopping it (SIGKILL, a crash): the orphan is re-parented, so its parent pid changes. Polled once a second.
 */
export function watchParent(parentPid: string | undefined, onGone: () => void): void {
  const expected = Number(parentPid);
  if (!parentPid || !Number.isInteger(expected)) return;
  const timer = setInterval(() => {
    if (process.ppid === expected) return;
    clearInterval(timer);
    onGone();
  }, 1000);
  timer.unref();
}
