import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN, sleep } from './processes';

export interface Vehicle {
  vin: string;
  token: string;
  customerId: string;
}

/** A heartbeat the service answered 2xx: what it promised is in the log. */
export interface Ack {
  vin: string;
  sequence: number;
  eventId: string;
  position: number;
  streamPosition: number;
  at: number;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
export const randomVin = () =>
  Array.from(randomBytes(17), (b) => VIN_ALPHABET[b % VIN_ALPHABET.length]).join('');

/** One HTTP exchange; rejects when no answer came (refused, reset, timed out). */
export function exchange(
  url: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string; agent?: http.Agent; timeoutMs?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      headers['Content-Length'] = Buffer.byteLength(opts.body);
    }
    const req = http.request(
      `${url}${path}`,
      { method, headers, agent: opts.agent ?? false, timeout: opts.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function admin(url: string, path: string, body: unknown): Promise<Record<string, string>> {
  const res = await exchange(url, 'POST', path, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.body}`);
  return JSON.parse(res.body) as Record<string, string>;
}

/** Registers customers and vehicles through the admin API (tokens included). */
export async function registerFleet(url: string, vehicles: number, customers = 4): Promise<Vehicle[]> {
  const ids: string[] = [];
  for (let c = 0; c < customers; c++)
    ids.push(
      (await admin(url, '/api/v1/admin/customers', { name: `Fault ${randomBytes(4).toString('hex')}` }))
        .customerId!,
    );
  const fleet: Vehicle[] = [];
  for (let i = 0; i < vehicles; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, vehicles - i) }, async (_, j) => {
        const vin = randomVin();
        const customerId = ids[(i + j) % ids.length]!;
        const regNo = `F${randomBytes(3).toString('hex').toUpperCase()}`;
        const v = await admin(url, '/api/v1/admin/vehicles', { vin, regNo, customerId });
        return { vin, token: v.token!, customerId };
      }),
    );
    fleet.push(...batch);
  }
  return fleet;
}

/**
 * Steady heartbeat load from `clients` concurrent devices-like loops, each sending one heartbeat at a time with a
 * unique `sequence`, so every event in the log can be traced to the request that wrote it. Records every 2xx
 * (the promise to check) and counts everything else.
 */
export class HeartbeatLoad {
  readonly acked: Ack[] = [];
  readonly outcomes = new Map<string, number>();
  /** 503 answers without a Retry-After header (the contract says there must be one). */
  missingRetryAfter = 0;
  private running = false;
  private loops: Promise<void>[] = [];
  private sequence = 0;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

  constructor(
    private readonly url: string,
    private readonly fleet: Vehicle[],
  ) {}

  start(clients: number): void {
    this.running = true;
    for (let i = 0; i < clients; i++) this.loops.push(this.loop(i, clients));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
    this.agent.destroy();
  }

  count(outcome: string): number {
    return this.outcomes.get(outcome) ?? 0;
  }

  /** Resolves once `n` more heartbeats were acknowledged (or fails after `timeoutMs`). */
  async acks(n: number, timeoutMs = 20_000): Promise<void> {
    const target = this.acked.length + n;
    const deadline = Date.now() + timeoutMs;
    while (this.acked.length < target) {
      if (Date.now() > deadline)
        throw new Error(`only ${this.acked.length} of ${target} acks: ${JSON.stringify([...this.outcomes])}`);
      await sleep(10);
    }
  }

  private async loop(client: number, clients: number): Promise<void> {
    for (let k = 0; this.running; k++) {
      const vehicle = this.fleet[(client + k * clients) % this.fleet.length]!;
      const sequence = ++this.sequence;
      const outcome = await this.send(vehicle, sequence);
      this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
      if (outcome !== '202') await sleep(50);
    }
  }

  private async send(vehicle: Vehicle, sequence: number): Promise<string> {
    let res: Answer;
    try {
      res = await exchange(this.url, 'POST', `/api/v1/vehicles/${vehicle.vin}/heartbeats`, {
        headers: { Authorization: `Bearer ${vehicle.token}` },
        body: JSON.stringify({ sequence, sentAt: new Date().toISOString() }),
        agent: this.agent,
      });
    } catch {
      return 'no answer';
    }
    if (res.status === 202) {
      const body = JSON.parse(res.body) as Omit<Ack, 'vin' | 'sequence' | 'at'>;
      this.acked.push({
        vin: vehicle.vin,
        sequence,
        eventId: body.eventId,
        position: body.position,
        streamPosition: body.streamPosition,
        at: Date.now(),
      });
    } else if (res.status === 503 && !/^\d+$/.test(String(res.headers['retry-after'] ?? ''))) {
      this.missingRetryAfter += 1;
    }
    return String(res.status);
  }
}
