import { advance, initialState, type BehaviourOptions, type VehicleState } from './behaviour';
import { HeartbeatSender } from './heartbeat-sender';
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

export interface SimulatorOptions {
  /** A request without an answer after this long fails (default 10 s). */
  timeoutMs?: number;
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
  private readonly sender: HeartbeatSender;
  private timer?: NodeJS.Timeout;
  private inFlight = 0;

  constructor(
    url: string,
    vehicles: SimulatedVehicle[],
    private readonly behaviour: BehaviourOptions,
    private readonly concurrency = 256,
    private readonly random: () => number = Math.random,
    options: SimulatorOptions = {},
  ) {
    this.sender = new HeartbeatSender(url, concurrency, options.timeoutMs);
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

  /** Stops sending; requests in flight are cut off. */
  stop(): void {
    clearInterval(this.timer);
    this.sender.close();
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
      const { vin, token } = due.vehicle;
      const status = await this.sender.post(vin, token, due.sequence++, new Date());
      if (status >= 200 && status < 300) this.stats.accepted++;
      else this.fail(`HTTP ${status} for ${vin}`);
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
