import { formatTick, niceTicks, renderPlot, type Series } from '../bench/report/svg-plot.cjs';
import {
  formatDuration,
  formatNumber,
  formatRatio,
  renderReport,
  type Report,
} from '../bench/report/markdown.cjs';

const BOX = { left: 72, right: 696, top: 64, bottom: 348 }; // 720 x 400 less the margins

const series = (overrides: Partial<Series> = {}): Series => ({
  title: 'Ingest throughput vs p99 latency',
  x: { label: 'heartbeats/s' },
  y: { label: 'p99 ms' },
  lines: [
    {
      name: 'service',
      points: [
        [1000, 2],
        [5000, 4],
        [9000, 19],
      ],
    },
    {
      name: 'ceiling',
      points: [
        [1000, 1],
        [9000, 6],
      ],
    },
  ],
  ...overrides,
});

const coordinates = (svg: string) =>
  [...svg.matchAll(/points="([^"]+)"/g)].flatMap((m) =>
    m[1]!.split(' ').map((p) => p.split(',').map(Number)),
  );

describe('niceTicks', () => {
  it('covers the range with steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 97)).toEqual({ min: 0, max: 100, step: 20, ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceTicks(3, 1_234_567).step).toBe(500_000);
  });

  it('gives ticks without floating-point noise', () => {
    expect(niceTicks(0, 0.7).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0.1, 0.37).ticks).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('widens a single value into a range around it', () => {
    const t = niceTicks(5, 5);
    expect(t.min).toBeLessThan(5);
    expect(t.max).toBeGreaterThan(5);
    expect(niceTicks(0, 0)).toMatchObject({ min: 0, max: 1 });
  });

  it('labels ticks briefly', () => {
    expect([formatTick(0.25), formatTick(1500), formatTick(25_000), formatTick(2_000_000)]).toEqual([
      '0.25',
      '1500',
      '25k',
      '2M',
    ]);
  });
});

describe('renderPlot', () => {
  it('draws each line inside the plot area, with a legend, axis labels and the title', () => {
    const svg = renderPlot(series());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    for (const text of [
      'Ingest throughput vs p99 latency',
      'heartbeats/s',
      'p99 ms',
      '>service<',
      '>ceiling<',
    ])
      expect(svg).toContain(text);
    const points = coordinates(svg);
    expect(points).toHaveLength(5);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(BOX.left);
      expect(x).toBeLessThanOrEqual(BOX.right);
      expect(y).toBeGreaterThanOrEqual(BOX.top);
      expect(y).toBeLessThanOrEqual(BOX.bottom);
    }
  });

  it('starts the y axis at zero and puts a higher value higher up', () => {
    const svg = renderPlot(series());
    expect(svg).toContain('dominant-baseline="middle">0</text>');
    const [first, second] = coordinates(svg);
    expect(second![1]).toBeLessThan(first![1]!);
  });

  it('escapes text and leaves out points that are not two finite numbers', () => {
    const svg = renderPlot(
      series({
        title: 'p99 <20 ms & "fast"',
        lines: [
          {
            name: 'a<b',
            points: [
              [0, 1],
              [1, NaN],
              [2, Infinity],
              [3, 2],
            ],
          },
        ],
      }),
    );
    expect(svg).toContain('p99 &lt;20 ms &amp; &quot;fast&quot;');
    expect(svg).toContain('a&lt;b');
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(coordinates(svg)).toHaveLength(2);
  });

  it('draws markers only for a scatter line', () => {
    const svg = renderPlot(
      series({
        lines: [
          {
            name: 'probes',
            kind: 'scatter',
            points: [
              [1, 1],
              [2, 3],
            ],
          },
        ],
      }),
    );
    expect(svg).not.toContain('<polyline');
    expect(svg.match(/<circle/g)).toHaveLength(2);
  });

  it('puts the legend above the plot area, where it hides no data', () => {
    const svg = renderPlot(series());
    const legendY = [
      ...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" dominant-baseline="middle">(service|ceiling)</g),
    ];
    expect(legendY).toHaveLength(2);
    for (const [, y] of legendY) expect(Number(y)).toBeLessThan(BOX.top);
  });

  it('shades a band of x, clipped to the axis', () => {
    const svg = renderPlot(series({ bands: [{ from: 5000, to: 1e9, label: 'measured' }] }));
    const band = /<rect x="([\d.]+)" y="64" width="([\d.]+)" height="284" fill="#f0f0f0"\/>/.exec(svg);
    expect(band).not.toBeNull();
    expect(Number(band![1]) + Number(band![2])).toBeCloseTo(BOX.right, 0);
    expect(svg).toContain('>measured<');
  });

  it('says "no data" instead of failing on an empty series', () => {
    const svg = renderPlot(series({ lines: [{ name: 'nothing', points: [] }] }));
    expect(svg).toContain('>no data<');
    expect(svg).not.toContain('<polyline');
  });

  it('renders the same input to the same bytes', () => {
    expect(renderPlot(series())).toBe(renderPlot(series()));
  });
});

describe('report numbers', () => {
  it('formats values as people read them', () => {
    expect([formatNumber(26134), formatNumber(12.345), formatNumber(3.14159), formatNumber(0)]).toEqual([
      '26,134',
      '12.3',
      '3.14',
      '0',
    ]);
    expect(formatNumber('p50 1.2 p95 3.4')).toBe('p50 1.2 p95 3.4');
  });

  it('gives the ratio to the ceiling as a percentage, or as a factor when far above it', () => {
    const ceiling = (value: number) => ({ label: 'bare', value });
    expect(formatRatio({ label: 'x', value: 6981, ceiling: ceiling(8491) })).toBe('82 %');
    expect(formatRatio({ label: 'x', value: 631, ceiling: ceiling(82.7) })).toBe('7.6×');
    expect(formatRatio({ label: 'x', value: 631 })).toBe('');
    expect(formatRatio({ label: 'x', value: 631, ceiling: ceiling(0) })).toBe('');
  });

  it('formats durations', () => {
    expect([formatDuration(4_400), formatDuration(754_000)]).toEqual(['4 s', '12 min 34 s']);
  });
});

describe('renderReport', () => {
  const report = (overrides: Partial<Report> = {}): Report => ({
    date: '2026-11-25T10:15:00.000Z',
    kind: 'full',
    durationMs: 812_000,
    command: 'npm run bench',
    machine: [
      ['CPU', '2 × AMD EPYC'],
      ['Node.js', 'v20.20.2'],
    ],
    reproduce: [['npm run bench', 'everything']],
    results: [
      {
        name: 'ingest',
        durationMs: 95_000,
        figures: [
          {
            label: 'single heartbeat throughput',
            value: 6981,
            unit: 'req/s',
            ceiling: { label: 'bare node:http | same append', value: 8491 },
            target: { text: '>= 60 % of ceiling', met: true },
          },
          {
            label: 'gateway batches',
            value: 41000,
            unit: 'heartbeats/s',
            ceiling: { label: 'raw COPY', value: 100000 },
            target: { text: '>= 70 % of COPY', met: false },
          },
          { label: 'express alternative', value: 5200, unit: 'req/s' },
        ],
        notes: ['wrk -c50, best of 2'],
        plots: [{ title: 'Ingest throughput vs p99 latency', file: 'benchmarks/ingest-throughput.svg' }],
      },
      { name: 'query', durationMs: 1_000, figures: [], error: 'relation "rm.vehicles" does not exist' },
    ],
    ...overrides,
  });

  it('puts every figure next to its ceiling, the ratio, the target and whether it is met', () => {
    const md = renderReport(report());
    expect(md).toContain(
      '| single heartbeat throughput | 6,981 req/s | 8,491 req/s (bare node:http \\| same append) | 82 % | >= 60 % of ceiling | yes |',
    );
    expect(md).toContain(
      '| gateway batches | 41,000 heartbeats/s | 100,000 heartbeats/s (raw COPY) | 41 % | >= 70 % of COPY | **no** |',
    );
    expect(md).toContain('| express alternative | 5,200 req/s |  |  |  |  |');
  });

  it('says when and on what it ran, how to reproduce it, and how many targets are met', () => {
    const md = renderReport(report());
    expect(md).toMatch(/^# Benchmarks\n/);
    expect(md).toContain('one full run of `npm run bench` on 2026-11-25 10:15 UTC, 13 min 32 s in all');
    expect(md).toContain('| CPU | 2 × AMD EPYC |');
    expect(md).toMatch(/```sh\nnpm run bench +# everything\n```/);
    expect(md).toContain('**Targets met: 1 of 2.**');
    expect(md).toContain('| [ingest](#ingest) | 1 min 35 s | 1 of 2 |');
  });

  it('lists the targets not met first, with their benchmark', () => {
    const md = renderReport(report());
    expect(md).toContain('## Targets not met');
    expect(md).toContain(
      '| [ingest](#ingest) | gateway batches | 41,000 heartbeats/s | 41 % | >= 70 % of COPY |',
    );
    expect(md).not.toContain('| [ingest](#ingest) | single heartbeat throughput |');
  });

  it('keeps a detail figure recognisable although tables trim leading spaces', () => {
    const md = renderReport(
      report({ results: [{ name: 'query', figures: [{ label: '  (no filter)', value: 12, unit: 'ms' }] }] }),
    );
    expect(md).toContain('| ↳ (no filter) | 12 ms |');
  });

  it('shows each benchmark with its notes and plots, and a failed one with its error', () => {
    const md = renderReport(report());
    expect(md).toContain('## ingest');
    expect(md).toContain('- wrk -c50, best of 2');
    expect(md).toContain('![Ingest throughput vs p99 latency](benchmarks/ingest-throughput.svg)');
    expect(md).toContain('**Failed:** relation "rm.vehicles" does not exist');
    expect(md).toContain('| [query](#query) | 1 s | **failed**: relation "rm.vehicles" does not exist |');
  });

  it('says a quick run is not at the issue’s sizes', () => {
    const md = renderReport(report({ kind: 'quick', command: 'npm run bench -- --quick' }));
    expect(md).toContain('`npm run bench -- --quick` (smoke sizes, not the issue’s)');
  });
});
