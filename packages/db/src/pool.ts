import pg from 'pg';

// int8 (bigint) columns hold positions and counts far below 2^53; read them as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PoolOptions {
  max?: number;
  applicationName?: string;
}

/** A pool whose idle-client errors (the database restarting) are logged instead of crashing the process. */
export function createPool(
  url: string,
  options: PoolOptions = {},
  onError: (err: Error) => void = () => undefined,
) {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', onError);
  return pool;
}
