import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { freePort } from '@vehicle-tracker/embedded-pg';
import { checkAckedHeartbeats } from './acked-log';
import { HeartbeatLoad, registerFleet, type Vehicle } from './heartbeat-load';
import { sleep, spawnService, waitReady, type ServiceProcess } from './processes';
import { Figures } from './report';
import { sizes, timeoutMs } from './sizes';

/**
 * Acked means durable: under steady load from many clients the heartbeat service is SIGKILLed and restarted
 * again and again; every heartbeat answered 2xx must be in the log with the id it was given, and nothing may be
 * half-written (requests that got no answer may be missing).
 */
const figures = new Figures('fault: heartbeat SIGKILL under load');
let db: TestDatabase;
let svc: ServiceProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await svc?.kill();
  await db.drop();
  figures.print();
});

it(
  'keeps every acknowledged heartbeat across repeated SIGKILLs, with nothing half-written',
  async () => {
    const port = await freePort();
    const start = async () => {
      svc = await spawnService('heartbeat', { DATABASE_URL: db.url }, { port });
      return waitReady(svc);
    };
    await start();
    const fleet: Vehicle[] = await registerFleet(svc!.url, 100);
    const load = new HeartbeatLoad(svc!.url, fleet);
    load.start(sizes.heartbeatClients);
    const restarts: number[] = [];
    const firstAck: number[] = [];
    try {
      for (let kill = 0; kill < sizes.heartbeatKills; kill++) {
        await load.acks(100); // under load: acks are flowing before every kill
        await sleep(Math.random() * 300);
        await svc!.kill('SIGKILL');
        const killedAt = Date.now();
        await start();
        restarts.push(Date.now() - killedAt);
        await load.acks(1);
        firstAck.push(Date.now() - killedAt);
      }
      await load.acks(100);
    } finally {
      await load.stop();
    }
    const check = await checkAckedHeartbeats(
      db.pool,
      load.acked,
      fleet.map((v) => v.vin),
    );
    figures.add('kills survived', sizes.heartbeatKills);
    figures.add('clients', sizes.heartbeatClients);
    figures.add('acked heartbeats checked', check.ackedChecked);
    figures.add('in the log without an answer', check.unacknowledgedInLog);
    figures.add('requests without an answer', load.count('no answer'));
    figures.add('answers', JSON.stringify(Object.fromEntries(load.outcomes)));
    figures.times('kill -> ready again', restarts);
    figures.times('kill -> first ack again', firstAck);
    expect(check.problems).toEqual([]);
    expect(check.ackedChecked).toBeGreaterThan(sizes.heartbeatKills * 100);
    // Nothing but 202 and "no answer" (the process was gone): a restart must not show as 5xx or 4xx.
    expect([...load.outcomes.keys()].sort()).toEqual(['202', 'no answer']);
  },
  timeoutMs(120_000, 900_000),
);
