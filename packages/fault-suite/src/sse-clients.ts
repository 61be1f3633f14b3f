import net from 'node:net';

/**
 * One SSE client on a raw socket: a reader parses every event it is sent (ids, markers), a slow one sends its
 * request and then never reads a byte (its socket is paused: the kernel buffers fill, then the server's).
 */
export class SseSocket {
  /** Status event ids received, in order. */
  readonly ids: number[] = [];
  /** Marker (a VIN) -> when it arrived. */
  readonly seen = new Map<string, number>();
  opened = false;
  closed = false;
  bytes = 0;
  private buffer = '';
  private readonly socket: net.Socket;

  constructor(port: number, query: string, reads: boolean, onMarker?: (vin: string) => void) {
    this.socket = net.connect(port, '127.0.0.1', () => {
      this.socket.write(
        `GET /api/v1/stream${query} HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`,
      );
      if (!reads) this.socket.pause();
    });
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => this.take(chunk, onMarker));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => (this.closed = true));
  }

  destroy(): void {
    this.socket.destroy();
  }

  private take(chunk: string, onMarker?: (vin: string) => void): void {
    this.bytes += chunk.length;
    this.buffer += chunk;
    if (!this.opened && this.buffer.includes('event: counts')) this.opened = true;
    let start = 0;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n', start)) >= 0) {
      const block = this.buffer.slice(start, end);
      start = end + 2;
      const id = /(?:^|\n)id: (\d+)/.exec(block)?.[1];
      if (id === undefined || !block.includes('event: status')) continue;
      this.ids.push(Number(id));
      const vin = /"vin":"([A-Z0-9]+)"/.exec(block)?.[1];
      if (vin?.startsWith('MARK')) {
        this.seen.set(vin, Date.now());
        onMarker?.(vin);
      }
    }
    this.buffer = this.buffer.slice(start);
  }
}
