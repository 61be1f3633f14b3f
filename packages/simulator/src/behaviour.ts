/**
 * How one simulated vehicle behaves: it alternates online spells (heartbeats every `interval` seconds with
 * jitter) and silent spells, both exponentially distributed, so that over time `offlineShare` of the fleet is
 * silent. Pure: the random source and the times come in as parameters.
 */
export interface BehaviourOptions {
  intervalSeconds: number;
  jitter: number; // 0.2 = +-20 %
  offlineShare: number; // long-run share of time silent, 0..1
  meanOnlineSeconds: number;
}

export interface VehicleState {
  online: boolean;
  /** Epoch ms of the next heartbeat (online) or of the return (silent). */
  nextAt: number;
  /** Epoch ms when the current online spell ends. */
  spellEndsAt: number;
}

const exponential = (mean: number, random: () => number) => -Math.log(1 - random()) * mean;

export function meanOfflineSeconds(o: BehaviourOptions): number {
  if (o.offlineShare <= 0) return 0;
  return (o.meanOnlineSeconds * o.offlineShare) / (1 - Math.min(o.offlineShare, 0.99));
}

/** A fresh vehicle: online or silent in proportion to offlineShare, first heartbeat spread over one interval. */
export function initialState(now: number, o: BehaviourOptions, random: () => number): VehicleState {
  const online = random() >= o.offlineShare;
  if (!online)
    return { online, nextAt: now + exponential(meanOfflineSeconds(o), random) * 1000, spellEndsAt: 0 };
  return {
    online,
    nextAt: now + random() * o.intervalSeconds * 1000,
    spellEndsAt: now + exponential(o.meanOnlineSeconds, random) * 1000,
  };
}

/** The state after its due moment: a heartbeat was sent (online) or the silence ended (returns at once). */
export function advance(state: VehicleState, o: BehaviourOptions, random: () => number): VehicleState {
  const now = state.nextAt;
  if (!state.online)
    return { online: true, nextAt: now, spellEndsAt: now + exponential(o.meanOnlineSeconds, random) * 1000 };
  const step = o.intervalSeconds * 1000 * (1 + (random() * 2 - 1) * o.jitter);
  if (now + step < state.spellEndsAt || o.offlineShare <= 0) return { ...state, nextAt: now + step };
  return { online: false, nextAt: now + exponential(meanOfflineSeconds(o), random) * 1000, spellEndsAt: 0 };
}
