export * from './types';
export { appendEvents, streamPosition, StreamConflictError } from './append';
export { readAll, readStream, READ_ALL_SQL } from './read';
export { listenForAppends, EVENTS_CHANNEL } from './listen';
export { newEventId } from './event-id';
