import { createPool } from '@vehicle-tracker/db';
import { ConfigError, createLogger, loadConfig } from '@vehicle-tracker/service-kit';
import { ProjectorConfig } from './config';
import { LOCKS, lockHolder } from './db/leader-lock';
import { LIVE_SCHEMA, TWIN_SCHEMA } from './db/schema';
import { projectionStatus } from './db/status';
import { schemaExists } from './db/twin';
import { main } from './main';
import { rebuild } from './projection/rebuild';

const USAGE = `usage: projector [run | rebuild [--fresh] | status]
  run       the projector service (default): active or standby replica, /healthz /metrics on PORT
  rebuild   replay the whole log into ${TWIN_SCHEMA} while ${LIVE_SCHEMA} keeps serving, then swap it in;
            resumes an unfinished rebuild unless --fresh
  status    position, lag and the active replica of the live projection (and of a rebuild in progress)`;

async function status(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig(ProjectorConfig, env);
  const pool = createPool(config.DATABASE_URL, { max: 1, applicationName: 'vt-projector-status' });
  try {
    const print = async (label: string, schema: string, lock: number) => {
      const holder = await lockHolder(pool, lock);
      console.log(`${label} (schema ${schema})`);
      console.log(
        `  active replica   ${holder ? `${holder.replica} (connected since ${holder.since.toISOString()})` : 'none'}`,
      );
      for (const p of await projectionStatus(pool, schema)) {
        console.log(`  projection       ${p.projection}`);
        console.log(
          `  position         ${p.globalPosition} (transaction ${p.transactionId}), log head ${p.headPosition}`,
        );
        console.log(`  lag              ${p.lagEvents} events, ${p.lagSeconds.toFixed(3)} s`);
        console.log(`  last commit      ${p.updatedAt.toISOString()}`);
      }
    };
    await print('live projector', LIVE_SCHEMA, LOCKS.live);
    if (await schemaExists(pool, TWIN_SCHEMA)) await print('rebuild in progress', TWIN_SCHEMA, LOCKS.rebuild);
  } finally {
    await pool.end();
  }
}

async function runRebuild(env: NodeJS.ProcessEnv, fresh: boolean): Promise<void> {
  const config = loadConfig(ProjectorConfig, env);
  const logger = createLogger('projector-rebuild', config.LOG_LEVEL);
  const pool = createPool(config.DATABASE_URL, { max: 2, applicationName: 'vt-rebuild-reader' });
  try {
    const started = performance.now();
    const { events, position, published } = await rebuild({
      databaseUrl: config.DATABASE_URL,
      pool,
      logger,
      replicaId: config.REPLICA_ID,
      defaultTimeout: config.OFFLINE_AFTER,
      batchSize: config.PROJECTOR_BATCH_SIZE,
      maxBatchSize: config.PROJECTOR_MAX_BATCH_SIZE,
      memoryBudgetBytes: config.PROJECTOR_MEMORY_BUDGET_MB * 2 ** 20,
      fresh,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `rebuilt: ${events} events replayed in ${seconds.toFixed(1)} s, swapped in at position ${position.globalPosition}, ${published} status changes published`,
    );
  } finally {
    await pool.end();
  }
}

async function cli(argv: string[]): Promise<void> {
  const [command = 'run', ...args] = argv;
  if (command === 'run') return main();
  if (command === 'rebuild') return runRebuild(process.env, args.includes('--fresh'));
  if (command === 'status') return status(process.env);
  console.error(USAGE);
  process.exit(2);
}

cli(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
