// The domain's only imports from outside: contract types and the HttpError family (plain classes, no I/O).
export { streams, type EventOf, type EventType } from '@vehicle-tracker/contracts';
export { HttpError, conflict, notFound } from '@vehicle-tracker/service-kit';
