// Reading the simulator CLI's output: when it starts sending, what it has sent by when, its totals.

/**
 * Follows the simulator CLI's lines: "simulating N vehicles ..." (it has read the fleet and starts sending),
 * progress every 5 s ("sent N (x/s) accepted N failed N ..."), and last "stopped: sent N, accepted N, failed N".
 * `since(performance.now())` places a line in time. Lines are printed, prefixed.
 */
export function simulatorOutput(since) {
  const out = { sentAt: [[0, 0]] };
  let started;
  return {
    out,
    started: new Promise((resolve) => (started = resolve)),
    onLine: (line) => {
      if (line.startsWith('simulating ')) started();
      const stopped = /^stopped: sent (\d+), accepted (\d+), failed (\d+)/.exec(line);
      const progress = /^sent (\d+) /.exec(line);
      if (stopped) {
        Object.assign(out, { sent: +stopped[1], accepted: +stopped[2], failed: +stopped[3] });
        out.sentAt.push([since(performance.now()), +stopped[1]]);
      } else if (progress) out.sentAt.push([since(performance.now()), +progress[1]]);
      if (line.trim()) console.log(`  [simulator] ${line}`);
    },
  };
}

/** Linear interpolation of a cumulative count over [[t, count]], sorted by t. */
export function countAt(points, t) {
  for (let i = 1; i < points.length; i++) {
    const [t0, c0] = points[i - 1];
    const [t1, c1] = points[i];
    if (t <= t1) return t1 === t0 ? c1 : c0 + ((c1 - c0) * (t - t0)) / (t1 - t0);
  }
  return points.at(-1)[1];
}
