import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SseMessage {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** A minimal EventSource for tests: collects parsed messages and waits for the one wanted. */
export class SseReader {
  readonly messages: SseMessage[] = [];
  private buffer = '';
  private waiters: (() => void)[] = [];
  ended = false;

  constructor(
    readonly response: http.IncomingMessage,
    private readonly request: http.ClientRequest,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.push(chunk));
    response.on('end', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** Resolves with the first message (from index `from`) matching `match`, or rejects after `timeoutMs`. */
  async next(match: (m: SseMessage) => boolean, timeoutMs = 2_000, from = 0): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request.destroy();
  }

  private push(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message: SseMessage = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) message.comment = line.slice(1).trim();
        else {
          const i = line.indexOf(':');
          const field = line.slice(0, i) as 'event' | 'id' | 'data' | 'retry';
          message[field] = line.slice(i + 1).replace(/^ /, '');
        }
      }
      this.messages.push(message);
    }
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Opens an event stream on a listening server. */
export function openStream(
  server: http.Server,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseReader> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream', ...headers } },
      (res) => resolve(new SseReader(res, req)),
    );
    req.on('error', reject);
  });
}
