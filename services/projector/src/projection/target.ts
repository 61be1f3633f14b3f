/** Which read-model tables a runner writes and how. */
export interface Target {
  /** Schema of the tables: 'rm' live, 'rm_next' during a rebuild. */
  schema: string;
  /** Name of the checkpoint row. */
  projection: string;
  /** OFFLINE_AFTER: the timeout of vehicles and customers without their own. */
  defaultTimeout: number;
  /** Publish status changes to the live feed (not while rebuilding into a twin nobody reads). */
  publish: boolean;
}

export const PROJECTION = 'fleet';
