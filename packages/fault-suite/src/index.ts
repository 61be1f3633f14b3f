export { SOAK, sizes, timeoutMs } from './sizes';
export { Figures } from './report';
export { fuzz, prototypeKeys, type FuzzResult } from './fuzz/runner';
export { requestsFor, param, type RouteSpec } from './fuzz/requests';
export type { FuzzRequest, FuzzAnswer } from './fuzz/client';
export { fuzzService, type ServiceFuzz } from './fuzz/spec';
