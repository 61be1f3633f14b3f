/** The schema the query service reads. */
export const LIVE_SCHEMA = 'rm';
/** Where a rebuild replays the log before it is swapped in. */
export const TWIN_SCHEMA = 'rm_next';
/** The tables a read-model schema holds (a rebuild copies and swaps all of them). */
export const RM_TABLES = [
  'checkpoint',
  'customers',
  'vehicles',
  'intervals',
  'heartbeats_hourly',
  'vehicle_last_seen',
  'fleet_count_deltas',
] as const;

/**
 * Every statement names its tables through this: read models live in a schema chosen at run time (the live one
 * or a rebuild's twin). Identifiers cannot be bound as parameters, hence the strict check.
 */
export function schemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  return schema;
}
