import { routeFor } from './routes';

describe('routeFor (same table as the web container)', () => {
  it.each([
    ['POST', '/api/v1/vehicles/YS2R4X20005399401/heartbeats', 'heartbeat'],
    ['POST', '/api/v1/heartbeats', 'heartbeat'],
    ['POST', '/api/v1/admin/fleet/import', 'heartbeat'],
    ['POST', '/heartbeat/YS2R4X20005399401', 'heartbeat'],
    ['GET', '/heartbeat/ping', 'heartbeat'],
    ['GET', '/api/v1/vehicles', 'query'],
    ['GET', '/api/v1/vehicles/YS2R4X20005399401', 'query'],
    ['GET', '/api/v1/vehicles/YS2R4X20005399401/history', 'query'],
    ['GET', '/api/v1/customers', 'query'],
    ['GET', '/api/v1/stream', 'query'],
    ['GET', '/api/v1/openapi.json', 'query'],
    ['GET', '/search', 'query'],
    ['GET', '/search/ping', 'query'],
    ['GET', '/', 'static'],
    ['GET', '/vehicles/YS2R4X20005399401', 'static'],
    ['GET', '/main-ABCDEFGH.js', 'static'],
  ])('%s %s goes to %s', (method, path, upstream) => {
    expect(routeFor(method, path)).toBe(upstream);
  });
});
