'use strict';
// A dependency-free SVG line/scatter plot for the benchmark report: linear axes with "nice" ticks, a legend,
// one colour per line. Pure (string in, string out) and deterministic, so reruns only differ where figures do.

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf'];
const MARGIN = { top: 64, right: 24, bottom: 52, left: 72 };

/** XML-escapes text for element content and attribute values. */
function escapeXml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/**
 * Axis ticks covering [min, max] with about `count` intervals: { min, max, step, ticks } where min and max are
 * multiples of step. A degenerate range (one value) is widened around it.
 */
function niceTicks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return niceTicks(0, 1, count);
  if (min > max) return niceTicks(max, min, count);
  if (min === max) return min === 0 ? niceTicks(0, 1, count) : niceTicks(min / 2, max * 1.5, count);
  const step = niceStep((max - min) / count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks = [];
  for (let i = 0; lo + i * step <= hi + step / 2; i++) ticks.push(round(lo + i * step, step));
  return { min: lo, max: hi, step, ticks };
}

/** `value` without floating-point noise at the precision of `step`. */
function round(value, step) {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(decimals, 12)));
}

/** Short tick labels: 1.5k, 2M, 0.25. */
function formatTick(value) {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  return trim(value);
}

function trim(value) {
  return String(Number(value.toPrecision(4)));
}

const fixed = (n) => String(Math.round(n * 10) / 10);

function finitePoints(points) {
  return (points ?? []).filter((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]));
}

/** The domain of the data; y starts at zero unless a value is negative or `axis.min` says otherwise. */
function domain(values, axis, fromZero) {
  // A loop, not Math.min(...values): a long time series would overflow the argument list.
  let min = values.length ? Infinity : 0;
  let max = values.length ? -Infinity : 1;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (fromZero && min > 0) min = 0;
  if (Number.isFinite(axis?.min)) min = axis.min;
  if (Number.isFinite(axis?.max)) max = axis.max;
  return niceTicks(min, max);
}

function axes(xs, ys, box, series) {
  const out = [];
  const sx = (v) => box.left + ((v - xs.min) / (xs.max - xs.min)) * box.width;
  const sy = (v) => box.top + box.height - ((v - ys.min) / (ys.max - ys.min)) * box.height;
  for (const t of ys.ticks) {
    const y = fixed(sy(t));
    out.push(
      `<line x1="${box.left}" y1="${y}" x2="${box.left + box.width}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${box.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatTick(t)}</text>`,
    );
  }
  for (const t of xs.ticks) {
    const x = fixed(sx(t));
    out.push(
      `<line x1="${x}" y1="${box.top + box.height}" x2="${x}" y2="${box.top + box.height + 5}" stroke="#333"/>`,
      `<text x="${x}" y="${box.top + box.height + 18}" text-anchor="middle">${formatTick(t)}</text>`,
    );
  }
  out.push(
    `<rect x="${box.left}" y="${box.top}" width="${box.width}" height="${box.height}" fill="none" stroke="#333"/>`,
    `<text x="${box.left + box.width / 2}" y="${box.top + box.height + 40}" text-anchor="middle">${escapeXml(series.x?.label ?? '')}</text>`,
    `<text transform="translate(16 ${box.top + box.height / 2}) rotate(-90)" text-anchor="middle">${escapeXml(series.y?.label ?? '')}</text>`,
  );
  return { out, sx, sy };
}

/** One row of legend entries between the title and the plot, so it never hides data. */
function legend(lines, box) {
  if (lines.length < 2 && !lines[0]?.name) return [];
  const out = [];
  let x = box.left;
  for (const [i, line] of lines.entries()) {
    const y = box.top - 14;
    out.push(
      `<rect x="${x}" y="${y - 5}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`,
      `<text x="${x + 14}" y="${y}" dominant-baseline="middle">${escapeXml(line.name ?? '')}</text>`,
    );
    x += 34 + String(line.name ?? '').length * 6.5; // about the width of 12 px sans-serif
  }
  return out;
}

/** Shaded spans of x, e.g. the measured window of a time series. */
function bands(series, xs, box, sx) {
  return (series.bands ?? [])
    .filter((b) => Number.isFinite(b.from) && Number.isFinite(b.to))
    .flatMap((b) => {
      const from = sx(Math.max(xs.min, b.from));
      const to = sx(Math.min(xs.max, b.to));
      if (to <= from) return [];
      return [
        `<rect x="${fixed(from)}" y="${box.top}" width="${fixed(to - from)}" height="${box.height}" fill="#f0f0f0"/>`,
        `<text x="${fixed((from + to) / 2)}" y="${box.top + 14}" text-anchor="middle" fill="#777">${escapeXml(b.label ?? '')}</text>`,
      ];
    });
}

function drawLine(points, colour, kind, sx, sy) {
  const out = [];
  if (kind !== 'scatter' && points.length > 1)
    out.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points
        .map(([x, y]) => `${fixed(sx(x))},${fixed(sy(y))}`)
        .join(' ')}"/>`,
    );
  if (kind === 'scatter' || points.length <= 40)
    for (const [x, y] of points)
      out.push(`<circle cx="${fixed(sx(x))}" cy="${fixed(sy(y))}" r="3" fill="${colour}"/>`);
  return out;
}

/**
 * Renders one plot of the benchmark module contract's `series` shape:
 * `{ title, x: { label, min?, max? }, y: { label, min?, max? }, kind?: 'line' | 'scatter', lines: [{ name, points,
 * kind? }], bands?: [{ from, to, label }] }`. Bands shade a span of x (a measured window). Lines join points in the order given (a line's own `kind` wins over the series'); points that are
 * not two finite numbers are left out; without any, the frame says "no data".
 */
function renderPlot(series, size = {}) {
  const width = size.width ?? 720;
  const height = size.height ?? 400;
  const box = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  const lines = (series.lines ?? []).map((l) => ({
    name: l.name,
    kind: l.kind ?? series.kind,
    points: finitePoints(l.points),
  }));
  const all = lines.flatMap((l) => l.points);
  const xs = domain(
    all.map((p) => p[0]),
    series.x,
    false,
  );
  const ys = domain(
    all.map((p) => p[1]),
    series.y,
    true,
  );
  const { out, sx, sy } = axes(xs, ys, box, series);
  const shaded = bands(series, xs, box, sx);
  const body = all.length
    ? lines.flatMap((l, i) => drawLine(l.points, PALETTE[i % PALETTE.length], l.kind, sx, sy))
    : [
        `<text x="${box.left + box.width / 2}" y="${box.top + box.height / 2}" text-anchor="middle">no data</text>`,
      ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(series.title ?? '')}</text>`,
    ...shaded,
    ...out,
    ...body,
    ...legend(lines, box),
    '</svg>',
    '',
  ].join('\n');
}

module.exports = { renderPlot, niceTicks, formatTick, escapeXml };
