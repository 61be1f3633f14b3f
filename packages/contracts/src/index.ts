export * from './primitives';
export * from './events';
export * from './fleet-file';
export * from './problem';
export * from './connectivity';
export * from './query-api';
export * from './heartbeat-api';
export * from './operator-api';
