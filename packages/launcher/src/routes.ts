/** Which backend answers a request: the same table the stack's nginx web container uses (deploy/web). */
export type Upstream = 'heartbeat' | 'query' | 'static';

/** Routes by method and path; everything that is not API goes to the dashboard's static files. */
export function routeFor(method: string, pathname: string): Upstream {
  if (/^\/api\/v1\/vehicles\/[^/]+\/heartbeats\/?$/.test(pathname)) return 'heartbeat';
  if (
    pathname === '/api/v1/heartbeats' ||
    pathname.startsWith('/api/v1/admin/') ||
    pathname === '/api/v1/admin'
  )
    return 'heartbeat';
  if (pathname === '/heartbeat' || pathname.startsWith('/heartbeat/')) return 'heartbeat';
  if (pathname.startsWith('/api/')) return 'query';
  if (pathname === '/search' || pathname.startsWith('/search/')) return 'query';
  void method;
  return 'static';
}
