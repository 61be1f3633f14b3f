/**
 * The deadline queue of the live runner: one entry per online vehicle (its offline_at), smallest first. Indexed by
 * VIN, so a heartbeat moves a vehicle's entry in place (O(log n)) instead of piling up stale entries: the heap
 * always holds exactly the online vehicles, and its size is bounded by the fleet.
 */
export class DeadlineHeap {
  private readonly vins: string[] = [];
  private readonly times: number[] = [];
  private readonly slot = new Map<string, number>();

  get size(): number {
    return this.vins.length;
  }

  /** The earliest deadline (epoch ms), or null when no vehicle is online. */
  peek(): number | null {
    return this.times.length ? this.times[0]! : null;
  }

  /** Sets (adds or moves) the deadline of `vin`. */
  set(vin: string, at: number): void {
    const i = this.slot.get(vin);
    if (i === undefined) {
      this.vins.push(vin);
      this.times.push(at);
      this.slot.set(vin, this.vins.length - 1);
      this.up(this.vins.length - 1);
      return;
    }
    const old = this.times[i]!;
    this.times[i] = at;
    if (at < old) this.up(i);
    else this.down(i);
  }

  delete(vin: string): void {
    const i = this.slot.get(vin);
    if (i === undefined) return;
    const last = this.vins.length - 1;
    this.swap(i, last);
    this.vins.pop();
    this.times.pop();
    this.slot.delete(vin);
    if (i < last) {
      this.up(i);
      this.down(i);
    }
  }

  clear(): void {
    this.vins.length = 0;
    this.times.length = 0;
    this.slot.clear();
  }

  /**
   * Up to `limit` VINs whose deadline is at or before `now`, earliest first, without removing them (the caller
   * syncs the heap from the rows once its transaction committed). Walks only the part of the heap that is due.
   */
  due(now: number, limit: number): string[] {
    const out: { vin: string; at: number }[] = [];
    const stack = this.times.length && this.times[0]! <= now ? [0] : [];
    while (stack.length) {
      const i = stack.pop()!;
      out.push({ vin: this.vins[i]!, at: this.times[i]! });
      for (const c of [2 * i + 1, 2 * i + 2])
        if (c < this.times.length && this.times[c]! <= now) stack.push(c);
    }
    out.sort((a, b) => a.at - b.at);
    return out.slice(0, limit).map((e) => e.vin);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent]! <= this.times[i]!) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.times.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.times[l]! < this.times[m]!) m = l;
      if (r < n && this.times[r]! < this.times[m]!) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    if (a === b) return;
    const va = this.vins[a]!;
    const vb = this.vins[b]!;
    const ta = this.times[a]!;
    this.vins[a] = vb;
    this.vins[b] = va;
    this.times[a] = this.times[b]!;
    this.times[b] = ta;
    this.slot.set(vb, a);
    this.slot.set(va, b);
  }
}
