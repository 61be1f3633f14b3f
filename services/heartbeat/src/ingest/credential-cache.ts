import type { GatewayCredential, VehicleCredential } from '../db/credentials';

interface Entry<T> {
  value: T | null;
  expiresAt: number;
}

export interface CredentialSource {
  vehicles(vins: readonly string[]): Promise<VehicleCredential[]>;
  gateway(tokenHash: string): Promise<GatewayCredential | null>;
}

/**
 * Credentials by VIN (and gateways by token hash), so the per-heartbeat auth check is a map lookup. Misses of
 * one event-loop turn are loaded together in one query. Entries (absent ones too) live `ttlMs` at most; changes
 * are normally pushed sooner by `invalidate` (LISTEN credentials_changed, every replica). A load that started
 * before an invalidation is not cached, so it cannot bring back a revoked token.
 */
export class CredentialCache {
  private readonly vehicleEntries = new Map<string, Entry<VehicleCredential>>();
  private readonly gatewayEntries = new Map<string, Entry<GatewayCredential>>();
  private waiting = new Map<
    string,
    { resolve: (c: VehicleCredential | null) => void; reject: (e: unknown) => void }[]
  >();
  private generation = 0;

  constructor(
    private readonly source: CredentialSource,
    private readonly opts: { ttlMs: number; now: () => number; maxEntries: number },
  ) {}

  vehicle(vin: string): Promise<VehicleCredential | null> | VehicleCredential | null {
    const hit = this.vehicleEntries.get(vin);
    if (hit && hit.expiresAt > this.opts.now()) return hit.value;
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(vin);
      if (list) return void list.push({ resolve, reject });
      this.waiting.set(vin, [{ resolve, reject }]);
      if (this.waiting.size === 1) setImmediate(() => void this.loadWaiting());
    });
  }

  async gateway(tokenHash: string): Promise<GatewayCredential | null> {
    const hit = this.gatewayEntries.get(tokenHash);
    if (hit && hit.expiresAt > this.opts.now()) return hit.value;
    const generation = this.generation;
    const value = await this.source.gateway(tokenHash);
    if (generation === this.generation) this.put(this.gatewayEntries, tokenHash, value);
    return value;
  }

  /** Forgets one credential ('vehicle:<VIN>', 'gateway:<id>') or all ('*'). */
  invalidate(key: string): void {
    this.generation++;
    if (key.startsWith('vehicle:')) this.vehicleEntries.delete(key.slice('vehicle:'.length));
    else if (key.startsWith('gateway:')) {
      const id = key.slice('gateway:'.length);
      for (const [hash, e] of this.gatewayEntries)
        if (!e.value || e.value.gatewayId === id) this.gatewayEntries.delete(hash);
    } else {
      this.vehicleEntries.clear();
      this.gatewayEntries.clear();
    }
  }

  private async loadWaiting(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    const generation = this.generation;
    try {
      const found = new Map((await this.source.vehicles([...batch.keys()])).map((c) => [c.vin, c]));
      for (const [vin, waiters] of batch) {
        const value = found.get(vin) ?? null;
        if (generation === this.generation) this.put(this.vehicleEntries, vin, value);
        for (const w of waiters) w.resolve(value);
      }
    } catch (err) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
    }
  }

  private put<T>(map: Map<string, Entry<T>>, key: string, value: T | null): void {
    // Bounded: the oldest entry goes first (Map keeps insertion order), so unknown VINs cannot grow it forever.
    if (map.size >= this.opts.maxEntries) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
    map.delete(key);
    map.set(key, { value, expiresAt: this.opts.now() + this.opts.ttlMs });
  }
}
