// npm run bench -- query: a fleet of BENCH_VEHICLES (default 1,000,000) vehicles, 1,000 per customer, seeded
// with INSERT ... SELECT generate_series (secondary indexes dropped during the load and rebuilt after), plus
// 40 days of history for BENCH_HISTORY_VEHICLES of them (one per customer) and for every vehicle of
// BENCH_AS_OF_CUSTOMERS customers (asOf for one customer reads the history of each of its vehicles). Then latencies
// through the real app over HTTP on 127.0.0.1, one request at a time, keep-alive: the dashboard request (page of
// 50 + counts) under several filters, text search, a 30-day history, asOf for one customer and for the whole fleet,
// the whole fleet by lastSeen; next to a ceiling measured in the same run (a bare indexed page query through pg).
// The seed interleaves customers (vehicle i belongs to customer i mod 1,000), so one customer's vehicles lie on as
// many heap pages: the worst case, and the figures of record. BENCH_GROUPED=0 skips the second pass, which
// measures the fleet queries again on the same rows laid out customer by customer (CLUSTER), as a fleet
// registered customer by customer lies.
// run({ quick: true }) is the smoke run (20,000 vehicles); run() returns { name, figures, series } (bench contract).
import http from 'node:http';
import os from 'node:os';
import { createPool } from '@vehicle-tracker/db';
import { createLogger, createRegistry } from '@vehicle-tracker/service-kit';
import { createApp } from '../services/query/dist/app.js';
import { StreamHub } from '../services/query/dist/stream/hub.js';
import { benchDatabase, percentile, row } from './harness.mjs';

const CHUNK = 100_000;

/** The issue's sizes, or small ones for the smoke run (`opts.quick`); BENCH_* variables override either. */
export function sizesOf(opts = {}) {
  const env = (name, full, quick) => Number(process.env[name] ?? (opts.quick ? quick : full));
  const vehicles = env('BENCH_VEHICLES', 1_000_000, 20_000);
  return {
    vehicles,
    // 1,000 vehicles per customer at any size, as at 1M over 1,000 customers.
    customers: Math.max(1, Math.min(1_000, Math.round(vehicles / 1_000))),
    historyVehicles: env('BENCH_HISTORY_VEHICLES', 1_000, 100),
    asOfCustomers: env('BENCH_AS_OF_CUSTOMERS', 4, 1),
    requests: env('BENCH_REQUESTS', 300, 60),
    perFilter: env('BENCH_REQUESTS_PER_FILTER', 60, 20),
    warmUp: opts.quick ? 5 : 20,
    grouped: process.env.BENCH_GROUPED !== '0',
  };
}
const FIRST = [
  'Kalle',
  'Johan',
  'Harald',
  'Anna',
  'Lisa',
  'Erik',
  'Maja',
  'Nils',
  'Olle',
  'Greta',
  'Sven',
  'Ingrid',
  'Björn',
  'Åsa',
  'Östen',
  'Karin',
  'Lars',
  'Eva',
  'Per',
  'Sofia',
  'Gustav',
  'Elsa',
  'Axel',
  'Ebba',
  'Oskar',
  'Alva',
  'Hugo',
  'Freja',
  'Leo',
  'Wilma',
  'Arvid',
  'Stina',
  'Ture',
  'Märta',
  'Bengt',
  'Siv',
  'Rune',
  'Tove',
  'Jöns',
  'Agda',
];
const TRADES = [
  'Grustransporter',
  'Bulk',
  'Värdetransporter',
  'Åkeri',
  'Logistik',
  'Frakt',
  'Transport',
  'Distribution',
  'Kyltransporter',
  'Flyttfirma',
  'Budbilar',
  'Timmerfrakt',
  'Tankbilar',
  'Containerfrakt',
  'Maskintransporter',
  'Livsmedelsfrakt',
  'Byggtransporter',
  'Avfallshantering',
  'Bärgning',
  'Specialtransporter',
  'Djurtransporter',
  'Kurirtjänst',
  'Åkericentral',
  'Grävtjänst',
  'Schakt',
];

// VINs of 17 hex digits (valid VIN characters, spread like real ones for the trigram index), registration
// numbers ABC123.
const VIN_SQL = (i) => `upper(substr(md5('v' || ${i}), 1, 17))`;
const REG_NO_SQL = `chr(65 + i / 676000 % 26) || chr(65 + i / 26000 % 26) || chr(65 + i / 1000 % 26) || lpad((i % 1000)::text, 3, '0')`;
const regNo = (i) =>
  String.fromCharCode(
    65 + (Math.floor(i / 676000) % 26),
    65 + (Math.floor(i / 26000) % 26),
    65 + (Math.floor(i / 1000) % 26),
  ) + String(i % 1000).padStart(3, '0');

export async function seedCustomers(pool, { customers }) {
  await pool.query(
    `INSERT INTO rm.customers (customer_id, name, address, registered_at)
     SELECT gen_random_uuid(), ($1::text[])[k % 40 + 1] || 's ' || ($2::text[])[(k / 40) % 25 + 1] || ' AB ' || k,
            'Gatan ' || k, now() - interval '90 days'
       FROM generate_series(0, $3 - 1) k`,
    [FIRST, TRADES, customers],
  );
  await pool.query(`CREATE TABLE bench_customers AS
    SELECT customer_id, name, (row_number() OVER (ORDER BY name) - 1)::int AS k FROM rm.customers`);
  await pool.query('CREATE UNIQUE INDEX ON bench_customers (k)');
}

// 70 % online (heard within the last minute), 20 % offline, 10 % never seen.
export async function seedVehicles(pool, { vehicles, customers }) {
  const { rows: indexes } = await pool.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'rm' AND tablename = 'vehicles' AND indexname <> 'vehicles_pkey'`,
  );
  for (const i of indexes) await pool.query(`DROP INDEX rm.${i.indexname}`);
  for (let from = 0; from < vehicles; from += CHUNK) {
    await pool.query(
      `INSERT INTO rm.vehicles (vin, reg_no, customer_id, customer_name, effective_timeout_seconds, status, status_since,
         last_heartbeat_at, offline_at, heartbeat_count, registered_at, search_text)
       SELECT vin, reg_no, c.customer_id, c.name, 60, st,
              CASE WHEN st = 'never-seen' THEN NULL ELSE now() - (i % 3600) * interval '1 second' END,
              hb, hb + interval '60 seconds', CASE WHEN hb IS NULL THEN 0 ELSE 1000 + i % 5000 END,
              now() - interval '60 days', lower(vin || ' ' || reg_no || ' ' || c.name)
         FROM (SELECT i, ${VIN_SQL('i')} AS vin, ${REG_NO_SQL} AS reg_no,
                      CASE WHEN i / 1000 % 10 < 7 THEN 'online' WHEN i / 1000 % 10 < 9 THEN 'offline' ELSE 'never-seen' END AS st,
                      CASE WHEN i / 1000 % 10 < 7 THEN now() - (i % 55) * interval '1 second'
                           WHEN i / 1000 % 10 < 9 THEN now() - (120 + i % 86400) * interval '1 second' END AS hb
                 FROM generate_series($1::int, $2::int) i) g
         JOIN bench_customers c ON c.k = g.i % $3`,
      [from, Math.min(from + CHUNK, vehicles) - 1, customers],
    );
  }
  await pool.query(`SET maintenance_work_mem = '1GB'`);
  for (const i of indexes) await pool.query(i.indexdef);
  await pool.query(`UPDATE rm.customers c SET vehicle_count = n.total, online_count = n.online, offline_count = n.total - n.online
    FROM (SELECT customer_id, count(*) AS total, count(*) FILTER (WHERE status = 'online') AS online
            FROM rm.vehicles GROUP BY customer_id) n WHERE n.customer_id = c.customer_id`);
}

// rm.vehicle_last_seen as the projector keeps it (migration 0013): one row per active vehicle, online and last
// heartbeat copied from rm.vehicles; its order index dropped during the load and rebuilt after, as above.
export async function seedLastSeen(pool) {
  const { rows: indexes } = await pool.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'rm' AND tablename = 'vehicle_last_seen' AND indexname <> 'vehicle_last_seen_pkey'`,
  );
  for (const i of indexes) await pool.query(`DROP INDEX rm.${i.indexname}`);
  await pool.query(`INSERT INTO rm.vehicle_last_seen (vin, online, last_heartbeat_at)
    SELECT vin, status = 'online', last_heartbeat_at FROM rm.vehicles WHERE retired_at IS NULL`);
  await pool.query(`SET maintenance_work_mem = '1GB'`);
  for (const i of indexes) await pool.query(i.indexdef);
}

// 40 days of 4-hour cycles (3.5 h online, 30 min offline) and hourly heartbeat counts per history vehicle; the same
// cycles for every vehicle of the asOf customers (vehicle i belongs to customer k = i mod customers).
const CYCLES = `generate_series(date_trunc('hour', now()) - interval '40 days', date_trunc('hour', now()) - interval '4 hours', interval '4 hours') t,
  (VALUES ('online', interval '0', interval '210 minutes'), ('offline', interval '210 minutes', interval '240 minutes')) o(status, start_offset, end_offset)`;
export async function seedHistory(pool, { historyVehicles, asOfCustomers, vehicles, customers }) {
  await pool.query(
    `INSERT INTO rm.intervals (vin, started_at, ended_at, status)
     SELECT ${VIN_SQL('v')}, t + o.start_offset, t + o.end_offset, o.status
       FROM generate_series(0, $1 - 1) v, ${CYCLES}`,
    [historyVehicles],
  );
  await pool.query(
    `INSERT INTO rm.intervals (vin, started_at, ended_at, status)
     SELECT ${VIN_SQL('v')}, t + o.start_offset, t + o.end_offset, o.status
       FROM generate_series(0, $1 - 1) k, generate_series(k, $2 - 1, $3) v, ${CYCLES}
     ON CONFLICT DO NOTHING`,
    [Math.min(asOfCustomers, customers), vehicles, customers],
  );
  // Every vehicle's intervals tile [registered_at, now) as the projector's do (the whole fleet's counts at an
  // instant are summed from them, migration 0012): never seen from registration to its first cycle, then an open
  // interval in its current status after its last one; a vehicle without cycles (most) never seen for a day, then
  // online until now, or until status_since if it is offline now.
  for (let from = 0; from < vehicles; from += CHUNK) {
    await pool.query(
      `WITH v AS (
         SELECT v.vin, v.registered_at, v.status, v.status_since, h.first, h.last,
                v.registered_at + interval '1 day' AS seen
           FROM generate_series($1::int, $2::int) i
           JOIN rm.vehicles v ON v.vin = ${VIN_SQL('i')}
           LEFT JOIN LATERAL (SELECT min(started_at) AS first, max(ended_at) AS last FROM rm.intervals
                               WHERE vin = v.vin) h ON true)
       INSERT INTO rm.intervals (vin, started_at, ended_at, status)
       SELECT vin, registered_at, coalesce(first, CASE WHEN status <> 'never-seen' THEN seen END), 'never-seen'
         FROM v
       UNION ALL
       SELECT vin, last, NULL, status FROM v WHERE last IS NOT NULL
       UNION ALL
       SELECT vin, seen, CASE WHEN status = 'offline' THEN status_since END, 'online' FROM v
        WHERE last IS NULL AND status <> 'never-seen'
       UNION ALL
       SELECT vin, status_since, NULL, 'offline' FROM v WHERE last IS NULL AND status = 'offline'`,
      [from, Math.min(from + CHUNK, vehicles) - 1],
    );
  }
  // The projector's word that no open online interval has passed its deadline before this instant.
  await pool.query(
    `INSERT INTO rm.checkpoint (projection, transaction_id, global_position, deadlines_after)
     SELECT 'fleet', '1', 1, coalesce(min(offline_at) - interval '1 millisecond', 'infinity')
       FROM rm.vehicles WHERE status = 'online'
     ON CONFLICT (projection) DO UPDATE SET deadlines_after = excluded.deadlines_after`,
  );
  await pool.query(
    `INSERT INTO rm.heartbeats_hourly (vin, hour, count)
     SELECT ${VIN_SQL('v')}, h, 50 + (v + extract(hour FROM h)::int) % 10
       FROM generate_series(0, $1 - 1) v,
            generate_series(date_trunc('hour', now()) - interval '40 days', date_trunc('hour', now()), interval '1 hour') h`,
    [historyVehicles],
  );
  // What autovacuum does within a minute of a bulk load (insert-triggered, PostgreSQL 13+): statistics and the
  // visibility map, without which no index-only scan serves the deep pages.
  await pool.query('VACUUM (ANALYZE)');
}

function client(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      http
        .get({ host: '127.0.0.1', port, path, agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`));
            else resolve(performance.now() - started);
          });
        })
        .on('error', reject);
    });
  get.close = () => agent.destroy();
  return get;
}

const progress = (msg) => process.stderr.write(`  [query bench] ${msg}\n`);
const pick = (n, i) => (i * 7919 + 13) % n;
const PERCENTILES = [50, 75, 90, 95, 99, 100];

/** Times `count` calls of `call(i)` after `warmUp` untimed ones; sorted latencies in ms. */
async function timeCalls(call, count, warmUp) {
  for (let i = 0; i < warmUp; i++) await call(i);
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const ms = await call(i);
    times.push(typeof ms === 'number' ? ms : performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/**
 * One latency figure: prints p50/p95 and returns the contract's figure (value = p95 in ms; `layout` is appended to
 * the returned label of a per-filter figure, which prints indented under its pass), with the sorted latencies kept
 * for the percentile plot.
 */
function latencyFigure(label, times, { target, ceiling, layout } = {}) {
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  row(
    label,
    `p50 ${p50.toFixed(2)} p95 ${p95.toFixed(2)}`,
    `ms${target ? ` (target p95 < ${target} ms)` : ''}`,
  );
  const figure = {
    label: layout ? `${label.trim()} (${layout})` : label.trim(),
    value: Number(p95.toFixed(2)),
    unit: 'ms p95',
    ...(ceiling ? { ceiling } : {}),
    ...(target ? { target: { text: `p95 < ${target} ms`, met: p95 < target } } : {}),
  };
  // Kept for the percentile plot, left out of the returned figure.
  Object.defineProperty(figure, 'times', { value: times, enumerable: false });
  return figure;
}

/** The requests measured, as functions of the request number (a different customer each time). */
function workload(pool, sizes) {
  return (async () => {
    const { rows: customers } = await pool.query(
      'SELECT customer_id, name FROM rm.customers ORDER BY customer_id',
    );
    const customer = (i) => customers[pick(customers.length, i)];
    const { rows: sample } = await pool.query('SELECT vin FROM rm.vehicles ORDER BY vin LIMIT 1000');
    const { rows: withHistory } = await pool.query('SELECT DISTINCT vin FROM rm.heartbeats_hourly');
    // The customers whose every vehicle has a history (seedHistory).
    const { rows: asOfCustomers } = await pool.query(
      'SELECT customer_id FROM bench_customers WHERE k < $1 ORDER BY k',
      [sizes.asOfCustomers],
    );
    const asOfCustomer = (i) => asOfCustomers[i % asOfCustomers.length];
    // Every filter combination the dashboard offers, with the sorts an index serves.
    const dashboard = [
      () => '',
      () => 'status=online',
      () => 'status=offline',
      (i) => `customerId=${customer(i).customer_id}`,
      (i) => `customerId=${customer(i).customer_id}&status=offline&sort=lastSeen&order=desc`,
      (i) => `customerId=${customer(i).customer_id}&status=online&sort=regNo`,
      () => 'sort=customer&order=desc',
      () => 'status=offline&sort=regNo&order=desc',
      (i) => `page=${1 + (i % 20)}&sort=status`,
    ];
    const search = [
      ['VIN fragment', (i) => `q=${sample[pick(sample.length, i)].vin.slice(4, 12).toLowerCase()}`],
      ['registration number', (i) => `q=${regNo(pick(sizes.vehicles, i))}`],
      ['customer name', (i) => `q=${encodeURIComponent(customer(i).name.slice(0, -3))}`],
      [
        'customer name + online',
        (i) =>
          `q=${encodeURIComponent(customer(i).name.split(' ')[0] + ' ' + customer(i).name.split(' ')[1].slice(0, 5))}&status=online`,
      ],
    ];
    return { customer, asOfCustomer, dashboard, search, withHistory };
  })();
}

/**
 * The ceiling of a dashboard page: one customer's first 50 vehicles by VIN straight from the (customer_id, vin)
 * btree through pg, no HTTP, no counts. What any page answer costs at least on this machine and load.
 */
async function ceilingFigure(pool, w, sizes, layout) {
  const times = await timeCalls(
    (i) =>
      pool.query(
        `SELECT vin, reg_no, customer_id, status, last_heartbeat_at, status_since, effective_timeout_seconds
           FROM rm.vehicles WHERE customer_id = $1 AND retired_at IS NULL ORDER BY customer_id, vin LIMIT 50`,
        [w.customer(i).customer_id],
      ),
    sizes.requests,
    sizes.warmUp,
  );
  return latencyFigure('ceiling: bare indexed page query (pg, 50 rows)', times, { layout });
}

/** The dashboard and text search figures, overall and per filter, labelled with `layout`. */
async function measureFleetQueries(pool, get, w, sizes, layout) {
  const vehicles = (query) => `/api/v1/vehicles?${query}`;
  const ceilingFig = await ceilingFigure(pool, w, sizes, layout);
  const ceiling = { label: ceilingFig.label, value: ceilingFig.value };
  const time = (path, count) => timeCalls((i) => get(vehicles(path(i))), count, sizes.warmUp);
  const perFilter = async (label, path, opts) =>
    latencyFigure(`  ${label}`, await time(path, sizes.perFilter), { ...opts, layout });
  const n = w.dashboard.length;
  const figures = [ceilingFig];
  const mix = await time((i) => w.dashboard[i % n](i), sizes.requests);
  figures.push(
    latencyFigure(`dashboard: page of 50 + counts, ${n} filters (${layout})`, mix, { target: 20, ceiling }),
  );
  for (const path of w.dashboard) {
    const label = path(0).replace(/customerId=[^&]+/, 'customerId=…') || '(no filter)';
    figures.push(await perFilter(label, path, { target: 20 }));
  }
  // Not in the mix above (kept as it was measured before): the costliest combination, every row of the customer.
  const lastSeen = (i) => `customerId=${w.customer(i).customer_id}&sort=lastSeen&order=desc`;
  figures.push(
    await perFilter('customerId=…&sort=lastSeen&order=desc (not in the mix)', lastSeen, { target: 20 }),
  );
  const m = w.search.length;
  const search = await time((i) => w.search[i % m][1](i), sizes.requests);
  figures.push(
    latencyFigure(`text search: VIN, reg. no, customer name (${layout})`, search, { target: 30, ceiling }),
  );
  for (const [label, path] of w.search) figures.push(await perFilter(label, path, { target: 30 }));
  figures.push(await perFilter('broad: 1 in 25 customer names match', () => 'q=v%C3%A4rdetransporter'));
  // One of the customers whose 1,000 vehicles all have 40 days of history: 1,000 covering intervals per request.
  const asOf = (i) => `asOf=${dayAgo()}&customerId=${w.asOfCustomer(i).customer_id}`;
  figures.push(
    latencyFigure(
      `asOf 24 h ago, one customer, page + counts (${layout})`,
      await time(asOf, sizes.perFilter),
      {
        target: 20,
      },
    ),
  );
  return figures;
}

/** Pages of 50 the never-seen vehicles fill (one in ten, by blocks of 1,000: seedVehicles). */
const neverSeenPages = (sizes) => Math.floor(Math.round(sizes.vehicles / 10) / 50);

const dayAgo = () => new Date(Date.now() - 86_400_000).toISOString();

async function measureOthers(get, w, sizes) {
  const now = Date.now();
  const month = `from=${new Date(now - 30 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`;
  const history = (i) =>
    `/api/v1/vehicles/${w.withHistory[pick(w.withHistory.length, i)].vin}/history?${month}`;
  const time = (path, count) => timeCalls((i) => get(path(i)), count, sizes.warmUp);
  return [
    latencyFigure('history of one vehicle over 30 days', await time(history, sizes.requests), { target: 20 }),
    latencyFigure('customers (all, with counters)', await time(() => '/api/v1/customers', sizes.perFilter)),
    // The whole fleet by lastSeen comes from the projector's rm.vehicle_last_seen (migration 0013; no index of
    // rm.vehicles may cover last_heartbeat_at, 0006): one (online, last_heartbeat_at, vin) range per status, the
    // two merged without a status filter. Descending starts with the never-seen vehicles (NULLS FIRST): 100,000
    // of them at 1M (10 %), 2,000 pages.
    latencyFigure(
      'whole fleet by lastSeen desc, page 1 (never-seen first)',
      await time(() => '/api/v1/vehicles?sort=lastSeen&order=desc', sizes.perFilter),
      { target: 20 },
    ),
    latencyFigure(
      'whole fleet by lastSeen asc, page 1 (last-seen order)',
      await time(() => '/api/v1/vehicles?sort=lastSeen&order=asc', sizes.perFilter),
      { target: 20 },
    ),
    latencyFigure(
      'whole fleet by lastSeen asc, page 20 (offset 950)',
      await time(() => '/api/v1/vehicles?sort=lastSeen&order=asc&page=20', sizes.perFilter),
      { target: 20 },
    ),
    latencyFigure(
      'whole fleet, status=online by lastSeen desc, page 1',
      await time(() => '/api/v1/vehicles?status=online&sort=lastSeen&order=desc', sizes.perFilter),
      { target: 20 },
    ),
    latencyFigure(
      'whole fleet, status=offline by lastSeen desc, page 20',
      await time(() => '/api/v1/vehicles?status=offline&sort=lastSeen&order=desc&page=20', sizes.perFilter),
      { target: 20 },
    ),
    // The first page past the never-seen block at 1M: every entry before it is read (OFFSET).
    latencyFigure(
      `whole fleet by lastSeen desc, page ${neverSeenPages(sizes) + 1} (past the never-seen block)`,
      await time(
        () => `/api/v1/vehicles?sort=lastSeen&order=desc&page=${neverSeenPages(sizes) + 1}`,
        sizes.perFilter,
      ),
    ),
    // The whole fleet at an instant: counts from the per-instant sums (migration 0012), the page walked in the
    // sort's order with one interval probe per vehicle read (whole-fleet-as-of.ts).
    ...(await measureWholeFleetAsOf(time)),
  ];
}

const WHOLE_FLEET_AS_OF = [
  ['page 1', ''],
  ['status=offline', '&status=offline'],
  ['by customer, desc', '&sort=customer&order=desc'],
  ['status=online by registration number', '&status=online&sort=regNo'],
  ['by status, desc', '&sort=status&order=desc'],
];

async function measureWholeFleetAsOf(time) {
  const asOf = (extra) => () => `/api/v1/vehicles?asOf=${dayAgo()}${extra}`;
  const results = [];
  for (const [, extra] of WHOLE_FLEET_AS_OF) results.push(await time(asOf(extra), 20));
  const all = results.flat().sort((a, b) => a - b);
  return [
    latencyFigure('asOf 24 h ago, whole fleet, page + counts (5 kinds of first page)', all, { target: 20 }),
    ...WHOLE_FLEET_AS_OF.map(([label], i) => latencyFigure(`  ${label}`, results[i], { target: 20 })),
    // A status filter walks (offset + 50) / (that status's share of the fleet) vehicles, one probe each.
    latencyFigure('  status=offline, page 20', await time(asOf('&status=offline&page=20'), 20), {
      target: 20,
    }),
    latencyFigure('  by registration number, page 20', await time(asOf('&sort=regNo&page=20'), 20), {
      target: 20,
    }),
  ];
}

/**
 * The same rows laid out customer by customer (CLUSTER on the (customer_id, vin) index), as a fleet imported or
 * registered customer by customer is; the interleaved layout above (each customer's vehicles spread over the whole
 * heap) is the worst case and stays the figure of record.
 */
async function groupByCustomer(pool) {
  await pool.query(`SET maintenance_work_mem = '1GB'`);
  await pool.query('CLUSTER rm.vehicles USING vehicles_as_of');
  await pool.query('VACUUM (ANALYZE) rm.vehicles');
}

function percentileSeries(figures) {
  const line = (f, name) => ({
    name,
    points: PERCENTILES.map((p) => [p, Number(percentile(f.times, p).toFixed(2))]),
  });
  const byPrefix = (prefix) => figures.find((f) => f.label.startsWith(prefix));
  const lines = [
    line(byPrefix('dashboard:'), 'dashboard (interleaved)'),
    line(byPrefix('text search:'), 'text search (interleaved)'),
    line(byPrefix('history'), 'history 30 days'),
    line(byPrefix('ceiling:'), 'ceiling: bare indexed page'),
  ];
  return [{ title: 'Query latency by percentile', x: { label: 'percentile' }, y: { label: 'ms' }, lines }];
}

/** Runs the query benchmark; see the contract in the bench README (returns name, figures, series). */
export async function run(opts = {}) {
  const sizes = sizesOf(opts);
  progress('starting PostgreSQL');
  const db = await benchDatabase();
  const pool = createPool(db.url, { max: 10 });
  const logger = createLogger('bench', 'silent');
  const wake = { start: async () => undefined, stop: async () => undefined };
  const hub = new StreamHub({ db: pool, wake, logger, keepaliveMs: 60_000, pollMs: 60_000 });
  // Operator sign-in off: the figures are the queries'.
  const auth = { required: false, sessionTtlSeconds: 43_200, loginMaxFailures: 10, loginWindowSeconds: 60 };
  const app = createApp({ db: pool, hub, logger, registry: createRegistry('query'), auth });
  const server = app.listen(0, '127.0.0.1');
  let get;
  try {
    let started = performance.now();
    progress(`seeding ${sizes.vehicles} vehicles`);
    await seedCustomers(pool, sizes);
    await seedVehicles(pool, sizes);
    await seedLastSeen(pool);
    const seedVehiclesS = (performance.now() - started) / 1000;
    started = performance.now();
    progress('seeding history');
    await seedHistory(pool, sizes);
    const seedHistoryS = (performance.now() - started) / 1000;
    const w = await workload(pool, sizes);
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    get = client(server.address().port);

    console.log(
      `query: ${sizes.vehicles} vehicles, ${sizes.customers} customers, ${w.withHistory.length} with 40 days of history; ` +
        `${sizes.requests} requests per figure (${sizes.perFilter} per filter) over HTTP (127.0.0.1, one at a time, ` +
        `after ${sizes.warmUp} warm-up), operator sign-in off; load ${loadAverage()}`,
    );
    row('seed vehicles (generate_series + index build)', seedVehiclesS.toFixed(1), 's');
    row('seed history (intervals + hourly counts)', seedHistoryS.toFixed(1), 's');
    const figures = [
      {
        label: 'seed vehicles (generate_series + index build)',
        value: Number(seedVehiclesS.toFixed(1)),
        unit: 's',
      },
      {
        label: 'seed history (intervals + hourly counts)',
        value: Number(seedHistoryS.toFixed(1)),
        unit: 's',
      },
    ];
    console.log(
      "heap layout: interleaved (customer = vehicle number mod customers: one customer's vehicles on as many pages)",
    );
    figures.push(...(await measureFleetQueries(pool, get, w, sizes, 'interleaved')));
    figures.push(...(await measureOthers(get, w, sizes)));
    if (sizes.grouped) {
      progress('clustering rm.vehicles by customer');
      started = performance.now();
      await groupByCustomer(pool);
      console.log(
        `heap layout: grouped by customer (CLUSTER, ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
          `as a fleet registered customer by customer lies); load ${loadAverage()}`,
      );
      figures.push(...(await measureFleetQueries(pool, get, w, sizes, 'grouped')));
    }
    const series = percentileSeries(figures);
    return { name: 'query', figures, series };
  } finally {
    get?.close();
    server.close();
    await hub.stop();
    await pool.end();
    await db.stop();
  }
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
