// npm run bench -- query: a fleet of BENCH_VEHICLES (default 1,000,000) vehicles over 1,000 customers, seeded
// with INSERT ... SELECT generate_series (secondary indexes dropped during the load and rebuilt after), plus
// 30+ days of history for BENCH_HISTORY_VEHICLES of them. Then latencies through the real app over HTTP on
// 127.0.0.1, one request at a time, keep-alive: the dashboard request (page of 50 + counts) under several
// filters, text search, a 30-day history, and asOf for one customer.
import http from 'node:http';
import { createPool } from '@vehicle-tracker/db';
import { createLogger, createRegistry } from '@vehicle-tracker/service-kit';
import { createApp } from '../services/query/dist/app.js';
import { StreamHub } from '../services/query/dist/stream/hub.js';
import { benchDatabase, percentile, row } from './harness.mjs';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 1_000_000);
const CUSTOMERS = 1_000;
const HISTORY_VEHICLES = Number(process.env.BENCH_HISTORY_VEHICLES ?? 1_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CHUNK = 100_000;
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

export async function seedCustomers(pool) {
  await pool.query(
    `INSERT INTO rm.customers (customer_id, name, address, registered_at)
     SELECT gen_random_uuid(), ($1::text[])[k % 40 + 1] || 's ' || ($2::text[])[(k / 40) % 25 + 1] || ' AB ' || k,
            'Gatan ' || k, now() - interval '90 days'
       FROM generate_series(0, $3 - 1) k`,
    [FIRST, TRADES, CUSTOMERS],
  );
  await pool.query(`CREATE TABLE bench_customers AS
    SELECT customer_id, name, (row_number() OVER (ORDER BY name) - 1)::int AS k FROM rm.customers`);
  await pool.query('CREATE UNIQUE INDEX ON bench_customers (k)');
}

// 70 % online (heard within the last minute), 20 % offline, 10 % never seen.
export async function seedVehicles(pool) {
  const { rows: indexes } = await pool.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'rm' AND tablename = 'vehicles' AND indexname <> 'vehicles_pkey'`,
  );
  for (const i of indexes) await pool.query(`DROP INDEX rm.${i.indexname}`);
  for (let from = 0; from < VEHICLES; from += CHUNK) {
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
      [from, Math.min(from + CHUNK, VEHICLES) - 1, CUSTOMERS],
    );
  }
  await pool.query(`SET maintenance_work_mem = '1GB'`);
  for (const i of indexes) await pool.query(i.indexdef);
  await pool.query(`UPDATE rm.customers c SET vehicle_count = n.total, online_count = n.online, offline_count = n.total - n.online
    FROM (SELECT customer_id, count(*) AS total, count(*) FILTER (WHERE status = 'online') AS online
            FROM rm.vehicles GROUP BY customer_id) n WHERE n.customer_id = c.customer_id`);
}

// 40 days of 4-hour cycles (3.5 h online, 30 min offline) and hourly heartbeat counts per history vehicle.
export async function seedHistory(pool) {
  await pool.query(
    `INSERT INTO rm.intervals (vin, started_at, ended_at, status)
     SELECT ${VIN_SQL('v')}, t + o.start_offset, t + o.end_offset, o.status
       FROM generate_series(0, $1 - 1) v,
            generate_series(date_trunc('hour', now()) - interval '40 days', date_trunc('hour', now()) - interval '4 hours', interval '4 hours') t,
            (VALUES ('online', interval '0', interval '210 minutes'), ('offline', interval '210 minutes', interval '240 minutes')) o(status, start_offset, end_offset)`,
    [HISTORY_VEHICLES],
  );
  await pool.query(
    `INSERT INTO rm.heartbeats_hourly (vin, hour, count)
     SELECT ${VIN_SQL('v')}, h, 50 + (v + extract(hour FROM h)::int) % 10
       FROM generate_series(0, $1 - 1) v,
            generate_series(date_trunc('hour', now()) - interval '40 days', date_trunc('hour', now()), interval '1 hour') h`,
    [HISTORY_VEHICLES],
  );
  // What autovacuum does within a minute of a bulk load (insert-triggered, PostgreSQL 13+): statistics and the
  // visibility map, without which no index-only scan serves the deep pages.
  await pool.query('VACUUM (ANALYZE)');
}

function client(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (path) =>
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
}

async function measure(get, label, paths, target, requests = REQUESTS) {
  for (let i = 0; i < 20; i++) await get(paths(i));
  const times = [];
  for (let i = 0; i < requests; i++) times.push(await get(paths(i)));
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50).toFixed(2);
  const p95 = percentile(times, 95).toFixed(2);
  row(label, `p50 ${p50} p95 ${p95}`, `ms${target ? ` (target p95 < ${target} ms)` : ''}`);
}

const progress = (msg) => process.stderr.write(`  [query bench] ${msg}\n`);
const pick = (n, i) => (i * 7919 + 13) % n;

export async function run() {
  progress('starting PostgreSQL');
  const db = await benchDatabase();
  const pool = createPool(db.url, { max: 10 });
  const logger = createLogger('bench', 'silent');
  const wake = { start: async () => undefined, stop: async () => undefined };
  const hub = new StreamHub({ db: pool, wake, logger, keepaliveMs: 60_000, pollMs: 60_000 });
  const server = createApp({ db: pool, hub, logger, registry: createRegistry('query') }).listen(
    0,
    '127.0.0.1',
  );
  try {
    let started = performance.now();
    progress(`seeding ${VEHICLES} vehicles`);
    await seedCustomers(pool);
    await seedVehicles(pool);
    const seedVehiclesMs = performance.now() - started;
    started = performance.now();
    progress('seeding history');
    await seedHistory(pool);
    const seedHistoryMs = performance.now() - started;
    const { rows: customers } = await pool.query(
      'SELECT customer_id, name FROM rm.customers ORDER BY customer_id',
    );
    const customer = (i) => customers[pick(customers.length, i)];
    const { rows: sample } = await pool.query('SELECT vin FROM rm.vehicles ORDER BY vin LIMIT 1000');
    const { rows: withHistory } = await pool.query('SELECT DISTINCT vin FROM rm.heartbeats_hourly');
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    const get = client(server.address().port);
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
      (i) => `q=${sample[pick(sample.length, i)].vin.slice(4, 12).toLowerCase()}`,
      (i) => `q=${regNo(pick(VEHICLES, i))}`,
      (i) => `q=${encodeURIComponent(customer(i).name.slice(0, -3))}`,
      (i) =>
        `q=${encodeURIComponent(customer(i).name.split(' ')[0] + ' ' + customer(i).name.split(' ')[1].slice(0, 5))}&status=online`,
    ];
    const now = Date.now();
    const month = `from=${new Date(now - 30 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`;
    const dayAgo = new Date(now - 86_400_000).toISOString();

    console.log(
      `query: ${VEHICLES} vehicles, ${CUSTOMERS} customers, ${withHistory.length} with 40 days of history; ` +
        `${REQUESTS} requests per figure over HTTP (127.0.0.1, one at a time, after 20 warm-up)`,
    );
    row('seed vehicles (generate_series + index build)', (seedVehiclesMs / 1000).toFixed(1), 's');
    row('seed history (intervals + hourly counts)', (seedHistoryMs / 1000).toFixed(1), 's');
    const vehicles = (query) => `/api/v1/vehicles?${query}`;
    await measure(get, 'dashboard: page of 50 + counts, 9 filters', (i) => vehicles(dashboard[i % 9](i)), 20);
    for (const [k, path] of dashboard.entries())
      await measure(
        get,
        `  ${path(0).replace(/customerId=[^&]+/, 'customerId=…') || '(no filter)'}`,
        (i) => vehicles(dashboard[k](i)),
        undefined,
        40,
      );
    await measure(get, 'text search (VIN, reg. no, customer name)', (i) => vehicles(search[i % 4](i)), 30);
    for (const [k, label] of [
      'VIN fragment',
      'registration number',
      'customer name',
      'customer name + online',
    ].entries())
      await measure(get, `  ${label}`, (i) => vehicles(search[k](i)), undefined, 40);
    const history = (i) =>
      `/api/v1/vehicles/${withHistory[pick(withHistory.length, i)].vin}/history?${month}`;
    await measure(get, 'history of one vehicle over 30 days', history, 20);
    await measure(get, 'customers (1,000 with counters)', () => '/api/v1/customers');
    await measure(
      get,
      'asOf 24 h ago, one customer',
      (i) => vehicles(`asOf=${dayAgo}&customerId=${customer(i).customer_id}`),
      undefined,
      50,
    );
    // No index since migration 0006 (kept off for the projector's HOT updates): a sort over the whole fleet.
    await measure(
      get,
      'whole fleet by lastSeen (no index, see 0006)',
      () => vehicles('sort=lastSeen&order=desc'),
      undefined,
      30,
    );
    await measure(
      get,
      'broad text search (1 in 25 names match)',
      () => vehicles('q=v%C3%A4rdetransporter'),
      undefined,
      50,
    );
  } finally {
    server.close();
    await hub.stop();
    await pool.end();
    await db.stop();
  }
}
