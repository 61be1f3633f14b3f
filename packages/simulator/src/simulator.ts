import { advance, initialState, type BehaviourOptions, type VehicleState } from './behaviour';
import { MinHeap } from './min-heap';

export interface SimulatedVehicle {
  vin: string;
  /** Device token; omitted when the service runs with HEARTBEAT_AUTH=off. */
  token?: string;
}

export interface Stats {
  sent: number;
  accepted: number;
  failed: number;
  lastError?: string;
  online: number;
  total: number;
}

interface Scheduled {
  vehicle: SimulatedVehicle;
  state: VehicleState;
  sequence: number;
}

/**
 * Sends heartbeats for a fleet on each vehicle's own schedule, at most `concurrency` requests in flight
 * (a late request delays that vehicle, never the others' schedule).
 */
export class Simulator {
  readonly stats: Stats;
  private readonly heap = new MinHeap<Scheduled>((s) => s.state.nextAt);
  private timer?: NodeJS.Timeout;
  private inFlight = 0;

  constructor(
    private readonly url: string,
    vehicles: SimulatedVehicle[],
    private readonly behaviour: BehaviourOptions,
    private readonly concurrency = 256,
    private readonly random: () => number = Math.random,
  ) {
    const now = Date.now();
    this.stats = { sent: 0, accepted: 0, failed: 0, online: 0, total: vehicles.length };
    for (const vehicle of vehicles) {
      const state = initialState(now, behaviour, random);
      if (state.online) this.stats.online++;
      this.heap.push({ vehicle, state, sequence: 0 });
    }
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), 20);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const now = Date.now();
    while (this.inFlight < this.concurrency && (this.heap.peek()?.state.nextAt ?? Infinity) <= now) {
      const due = this.heap.pop()!;
      if (!due.state.online) {
        this.stats.online++;
        due.state = advance(due.state, this.behaviour, this.random);
        this.heap.push(due);
        continue;
      }
      void this.send(due);
    }
  }

  private async send(due: Scheduled): Promise<void> {
    this.inFlight++;
    this.stats.sent++;
    try {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (due.vehicle.token) headers.Authorization = `Bearer ${due.vehicle.token}`;
      const res = await fetch(`${this.url}/api/v1/vehicles/${due.vehicle.vin}/heartbeats`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ sentAt: new Date().toISOString(), sequence: due.sequence++ }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (res.ok) this.stats.accepted++;
      else this.fail(`HTTP ${res.status} for ${due.vehicle.vin}`);
    } catch (err) {
      this.fail((err as Error).message);
    } finally {
      this.inFlight--;
      due.state = advance(due.state, this.behaviour, this.random);
      if (!due.state.online) this.stats.online--;
      this.heap.push(due);
    }
  }

  private fail(message: string): void {
    this.stats.failed++;
    this.stats.lastError = message;
  }
}
