// The ceilings of the end-to-end figures: the same measurements on the idle system, just before the load.
import { dashboardPath, httpClient, openStream, sendHeartbeat } from './clients.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sorted = (values) => [...values].sort((a, b) => a - b);
/** Probe vehicles the idle phase uses (the load phase starts after them). */
export const IDLE_PROBES = 20;

/** Dashboard requests one at a time, then probe heartbeats one at a time, each waited for on the stream. */
export async function measureIdle({ ports, customers, probes }, quick) {
  const requests = quick ? 20 : 60;
  const query = httpClient(ports.query, 1);
  const heartbeat = httpClient(ports.heartbeat, 1);
  const waiting = new Map();
  const stream = await openStream(ports.query, {
    onStatus: (data, at) => data.status === 'online' && waiting.get(data.vin)?.(at),
  });
  try {
    const dashboardMs = [];
    for (let i = -10; i < requests; i++) {
      const r = await query.request('GET', dashboardPath(i + 10, customers));
      if (r.status !== 200) throw new Error(`dashboard request: HTTP ${r.status} ${r.body.slice(0, 200)}`);
      if (i >= 0) dashboardMs.push(r.ms);
    }
    const probeMs = [];
    const heartbeatMs = [];
    for (const v of probes.slice(0, quick ? 10 : IDLE_PROBES)) {
      const seen = new Promise((resolve) => waiting.set(v.vin, resolve));
      const sent = performance.now();
      const r = await sendHeartbeat(heartbeat, v.vin, v.token, 1);
      if (r.status !== 202) throw new Error(`probe heartbeat: HTTP ${r.status} ${r.body.slice(0, 200)}`);
      heartbeatMs.push(r.ms);
      const at = await Promise.race([seen, sleep(10_000)]);
      if (at === undefined) throw new Error(`probe ${v.vin} never appeared on the stream`);
      probeMs.push(at - sent);
      await sleep(50);
    }
    return { dashboardMs: sorted(dashboardMs), probeMs: sorted(probeMs), heartbeatMs: sorted(heartbeatMs) };
  } finally {
    stream.close();
    query.close();
    heartbeat.close();
  }
}
