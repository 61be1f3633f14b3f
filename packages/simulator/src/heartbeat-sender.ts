import http from 'node:http';
import https from 'node:https';

interface Pending {
  req: http.ClientRequest;
  deadline: number;
}

/**
 * POSTs heartbeats over keep-alive connections with node:http. Measured against a bare node:http server, this
 * costs a fraction of the CPU per request that fetch did (undici plus an AbortSignal.timeout per request, whose
 * timer and listeners alone were a good part of it): the simulator's CPU, not the system, capped its rate.
 * Timeouts share one sweep timer over the requests in flight (at most `maxSockets` of them) instead of a timer
 * per request.
 */
export class HeartbeatSender {
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly host: string;
  private readonly port: number;
  private readonly basePath: string;
  private readonly pending = new Set<Pending>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    url: string,
    maxSockets: number,
    private readonly timeoutMs = 10_000,
  ) {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    this.agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets });
    this.request = secure ? https.request : http.request;
    this.host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(u.port) || (secure ? 443 : 80);
    this.basePath = u.pathname.replace(/\/$/, '');
  }

  /** Requests in flight. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends one heartbeat of `vin` (with its device token, if any); resolves with the HTTP status once the answer
   * is read, rejects on a network error or when no answer came within the timeout.
   */
  post(vin: string, token: string | undefined, sequence: number, sentAt: Date): Promise<number> {
    // The body by hand: both values are JSON-safe (an ISO date and an integer).
    const body = `{"sentAt":"${sentAt.toISOString()}","sequence":${sequence}}`;
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': 'application/json',
      'Content-Length': body.length,
    };
    if (token) headers.Authorization = `Bearer ${token}`;
    const path = `${this.basePath}/api/v1/vehicles/${vin}/heartbeats`;
    return new Promise((resolve, reject) => this.attempt(path, headers, body, true, resolve, reject));
  }

  private attempt(
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: string,
    mayRetry: boolean,
    resolve: (status: number) => void,
    reject: (err: Error) => void,
  ): void {
    const options = { agent: this.agent, host: this.host, port: this.port, method: 'POST', path, headers };
    const req = this.request(options, (res) => {
      res.on('error', reject);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.resume();
    });
    const entry = { req, deadline: Date.now() + this.timeoutMs };
    this.pending.add(entry);
    req.on('close', () => this.pending.delete(entry));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The server closed an idle keep-alive connection just as this request went out on it: the request never
      // reached it, so it goes again once on a fresh connection (what node's http documentation advises).
      if (mayRetry && req.reusedSocket && err.code === 'ECONNRESET')
        this.attempt(path, headers, body, false, resolve, reject);
      else reject(err);
    });
    req.end(body);
    this.sweeper ??= setInterval(() => this.sweep(), Math.min(1000, this.timeoutMs / 4)).unref();
  }

  /** Ends the requests whose time is up (their promises reject). */
  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending)
      if (entry.deadline <= now) {
        this.pending.delete(entry);
        entry.req.destroy(new Error(`no answer within ${this.timeoutMs} ms`));
      }
  }

  /** Stops the sweep and closes every connection (requests in flight fail). */
  close(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.agent.destroy();
  }
}
