export { BaseEnv, OfflineAfter, TrustProxy, loadConfig, ConfigError } from './config';
export {
  HttpError,
  badRequest,
  unauthorized,
  notFound,
  conflict,
  tooManyRequests,
  serviceUnavailable,
} from './http-error';
export { isDatabaseUnavailable } from './db-unavailable';
export { problemHandler, notFoundHandler, sendProblem, fromZod } from './problem';
export { createLogger, httpLogger, type Logger } from './logger';
export { createRegistry } from './metrics';
export { healthRoutes, type HealthDeps } from './health';
export { onShutdown, watchParent } from './shutdown';
export type { Queryable } from './queryable';
export { unstorableText, assertStorableText, storableBody } from './storable-text';
