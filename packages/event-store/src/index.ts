export * from './types';
export { appendEvents, streamPosition, StreamConflictError, type PositionedEvent } from './append';
export { appendUnpositioned, APPEND_UNPOSITIONED_SQL } from './append-unpositioned';
export { readAll, readStream, READ_ALL_SQL } from './read';
export { listenForAppends, EVENTS_CHANNEL } from './listen';
export { newEventId } from './event-id';
export { jsonBytes } from './json-bytes';
