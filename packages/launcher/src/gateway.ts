import http from 'node:http';
import { routeFor, type Upstream } from './routes';
import { serveStatic } from './static-files';

export interface GatewayOptions {
  port: number;
  host?: string;
  staticRoot: string;
  /** Current port of each backend; a function because a restarted backend may listen elsewhere. */
  upstreamPort: (name: Exclude<Upstream, 'static'>) => number | undefined;
}

/**
 * One origin for the whole system, like the stack's web container: API paths proxied to their service
 * (streams, including SSE, piped through unbuffered), everything else served from the dashboard build.
 */
export function startGateway(options: GatewayOptions): Promise<http.Server> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const target = routeFor(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname);
    if (target === 'static') return serveStatic(options.staticRoot, req, res);
    const port = options.upstreamPort(target);
    if (!port) return unavailable(res, target);
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: forwarded(req), agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => unavailable(res, target));
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server));
  });
}

function forwarded(req: http.IncomingMessage): http.OutgoingHttpHeaders {
  const headers = { ...req.headers };
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  headers['x-forwarded-proto'] = 'http';
  return headers;
}

function unavailable(res: http.ServerResponse, target: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(503, { 'Content-Type': 'application/problem+json', 'Retry-After': '2' }).end(
    JSON.stringify({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: `${target} is not up`,
    }),
  );
}
