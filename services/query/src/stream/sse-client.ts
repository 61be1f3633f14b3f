import type { Response } from 'express';

/** A client's queued output above which it is dropped as too slow (it reconnects and resumes by event id). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** One open event stream: what it wants (customer filter) and how far it has been sent (cursor). */
export class SseClient {
  /** Highest status_changes id written to this client. */
  cursor = 0;
  private closed = false;

  constructor(
    private readonly res: Response,
    readonly customerId: string | undefined,
  ) {}

  /** Writes one event; `data` is already JSON. */
  event(event: string, data: string, id?: number): void {
    this.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`);
    if (id !== undefined) this.cursor = id;
  }

  /** Status events already formatted (`id:`/`event:`/`data:` blocks, maybe none), sent up to `lastId`. */
  events(text: string, lastId: number): void {
    if (text) this.write(text);
    this.cursor = lastId;
  }

  /** A comment line, ignored by EventSource: keeps proxies from closing an idle stream. */
  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  raw(text: string): void {
    this.write(text);
  }

  get isClosed(): boolean {
    return this.closed || this.res.writableEnded || this.res.destroyed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.res.writableEnded) this.res.end();
  }

  private write(chunk: string): void {
    if (this.isClosed) return;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.res.destroy();
      this.closed = true;
      return;
    }
    this.res.write(chunk);
  }
}
