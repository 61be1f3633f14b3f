import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { routeFor } from '../../packages/launcher/src/routes';
import { freePort } from './support/net';
import { send, stubService } from './support/http';
import { findNginx, renderConfig, startNginx, stopNginx } from './support/nginx';

// The web container's nginx configuration (deploy/web), rendered by its own script and run by Debian's nginx in
// front of two stub services: static files, routing, SSE, TLS.
const nginx = findNginx();
const describeNginx = nginx ? describe : describe.skip;
if (!nginx)
  console.warn('SKIPPED deploy/test/web.int.spec.ts: nginx is not installed and could not be installed');

const INDEX = `<!doctype html><html><head><script src="main-ABCD1234.js" type="module"></script></head><body>${'<p>dashboard</p>'.repeat(40)}</body></html>`;
const BUNDLE = `console.log(${JSON.stringify('bundle '.repeat(200))});`;

/** [method, path, where it must land]: the dev gateway's table (packages/launcher/src/routes.ts) must agree. */
const ROUTES: [string, string, 'heartbeat' | 'query' | 'static'][] = [
  ['POST', '/api/v1/vehicles/WVWZZZ1JZXW000001/heartbeats', 'heartbeat'],
  ['POST', '/api/v1/heartbeats', 'heartbeat'],
  ['GET', '/api/v1/admin', 'heartbeat'],
  ['POST', '/api/v1/admin/customers', 'heartbeat'],
  ['PUT', '/api/v1/admin/vehicles/WVWZZZ1JZXW000001/offline-timeout', 'heartbeat'],
  ['POST', '/heartbeat', 'heartbeat'],
  ['POST', '/heartbeat/WVWZZZ1JZXW000001', 'heartbeat'],
  ['GET', '/api/v1/vehicles?status=online&limit=50', 'query'],
  ['GET', '/api/v1/vehicles/WVWZZZ1JZXW000001', 'query'],
  ['GET', '/api/v1/vehicles/WVWZZZ1JZXW000001/history?from=2024-01-01T00:00:00Z', 'query'],
  ['GET', '/api/v1/customers', 'query'],
  ['GET', '/api/v1/openapi.json', 'query'],
  ['GET', '/search?q=abc', 'query'],
  ['GET', '/search/vehicles?q=abc', 'query'],
  ['GET', '/vehicles/WVWZZZ1JZXW000001', 'static'],
  ['GET', '/customers', 'static'],
  ['GET', '/heartbeats', 'static'],
];

describeNginx('web container (nginx)', () => {
  let dir: string;
  let heartbeat: Awaited<ReturnType<typeof stubService>>;
  let query: Awaited<ReturnType<typeof stubService>>;
  let plain: ChildProcess | undefined;
  let plainPort: number;
  let firstSeen: () => void = () => undefined;
  let streamLog: string[] = [];

  const render = (sub: string, env: Record<string, string>) => {
    const out = path.join(dir, sub);
    mkdirSync(out, { recursive: true });
    const result = renderConfig(nginx!, {
      VT_OUTPUT_DIR: path.join(out, 'conf.d'),
      WEB_ROOT: path.join(dir, 'www'),
      HEARTBEAT_UPSTREAM: `127.0.0.1:${heartbeat.port}`,
      QUERY_UPSTREAM: `127.0.0.1:${query.port}`,
      TLS_CERT_FILE: path.join(dir, 'no-cert'),
      TLS_KEY_FILE: path.join(dir, 'no-key'),
      ...env,
    });
    return { out, result };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vt-web-'));
    chmodSync(dir, 0o755); // nginx workers (nobody, when run as root) read the static files
    mkdirSync(path.join(dir, 'www'));
    writeFileSync(path.join(dir, 'www', 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'www', 'main-ABCD1234.js'), BUNDLE);
    writeFileSync(path.join(dir, 'www', 'favicon.ico'), 'icon');

    heartbeat = await stubService('heartbeat');
    // The SSE stream writes one event, then waits until the test has read it through nginx, then writes another.
    query = await stubService('query', (req, res) => {
      if (!req.url?.startsWith('/api/v1/stream')) return false;
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.write('id: 1\nevent: status\ndata: {"vin":"A","status":"online"}\n\n');
      streamLog.push('wrote 1');
      const timer = setTimeout(() => finish('second written after a 5 s wait'), 5000);
      const finish = (how: string) => {
        clearTimeout(timer);
        streamLog.push(how);
        res.end('id: 2\nevent: status\ndata: {"vin":"A","status":"offline"}\n\n');
      };
      firstSeen = () => finish('second written after the first was seen');
      return true;
    });
    plainPort = await freePort();
    const { out, result } = render('plain', { HTTP_LISTEN: `127.0.0.1:${plainPort}` });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/render-config: http/);
    plain = await startNginx(nginx!, out, plainPort);
  });

  afterAll(async () => {
    await stopNginx(plain);
    await heartbeat?.close();
    await query?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const url = (p: string) => `http://127.0.0.1:${plainPort}${p}`;

  it('serves the dashboard, gzipped, never cached', async () => {
    const res = await send(url('/'), { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for the app’s own routes', async () => {
    const res = await send(url('/vehicles/WVWZZZ1JZXW000001?tab=history'));
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(INDEX);
  });

  it('caches hashed assets for a year, gzipped, and does not fall back for a missing one', async () => {
    const res = await send(url('/main-ABCD1234.js'), { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await send(url('/chunk-ZZZZ9999.js'))).status).toBe(404);
    expect((await send(url('/favicon.ico'))).headers['cache-control']).toBe('no-cache');
  });

  it.each(ROUTES)('%s %s goes to %s', async (method, target, where) => {
    expect(routeFor(method, new URL(target, 'http://x').pathname)).toBe(where);
    const before = { heartbeat: heartbeat.hits.length, query: query.hits.length };
    const res = await send(url(target), {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });
    expect(res.status).toBe(200);
    const landed = {
      heartbeat: heartbeat.hits.slice(before.heartbeat),
      query: query.hits.slice(before.query),
    };
    if (where === 'static') {
      expect(res.body.toString()).toBe(INDEX);
      expect(landed.heartbeat.length + landed.query.length).toBe(0);
      return;
    }
    expect(JSON.parse(res.body.toString())).toMatchObject({ service: where, url: target });
    const hit = landed[where];
    expect(hit).toHaveLength(1);
    expect(hit[0]).toMatchObject({ method, url: target });
    expect(hit[0]!.headers).toMatchObject({ 'x-forwarded-proto': 'http', host: '127.0.0.1' });
    expect(hit[0]!.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(landed[where === 'heartbeat' ? 'query' : 'heartbeat']).toHaveLength(0);
  });

  it('streams server-sent events unbuffered and uncompressed', async () => {
    streamLog = [];
    const events: string[] = [];
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http
        .get(
          url('/api/v1/stream?customerId=c1'),
          { headers: { 'Accept-Encoding': 'gzip', Accept: 'text/event-stream' } },
          resolve,
        )
        .on('error', reject);
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.headers['content-encoding']).toBeUndefined();
    await new Promise<void>((resolve, reject) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const complete = text.split('\n\n').slice(0, -1);
        if (complete.length > events.length) {
          events.push(...complete.slice(events.length));
          if (events.length === 1) firstSeen();
        }
      });
      res.on('end', resolve);
      res.on('error', reject);
    });
    expect(events).toHaveLength(2);
    expect(events[0]).toContain('"online"');
    expect(streamLog).toEqual(['wrote 1', 'second written after the first was seen']);
  });

  it('refuses a certificate without its key', () => {
    writeFileSync(path.join(dir, 'lonely-cert.pem'), 'x');
    const { result } = render('half-tls', { TLS_CERT_FILE: path.join(dir, 'lonely-cert.pem') });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/both/);
  });

  describe('with a certificate and key (Docker secrets)', () => {
    let tls: ChildProcess | undefined;
    let httpPort: number;
    let httpsPort: number;
    const openssl = spawnSync('sh', ['-c', 'command -v openssl']).status === 0;

    beforeAll(async () => {
      if (!openssl) return;
      const cert = path.join(dir, 'cert.pem');
      const key = path.join(dir, 'key.pem');
      const made = spawnSync('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ]);
      expect(made.status).toBe(0);
      chmodSync(key, 0o644);
      httpPort = await freePort();
      httpsPort = await freePort();
      const { out, result } = render('tls', {
        HTTP_LISTEN: `127.0.0.1:${httpPort}`,
        HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
        HTTPS_PUBLIC_PORT: String(httpsPort),
        TLS_CERT_FILE: cert,
        TLS_KEY_FILE: key,
      });
      expect(result.stdout).toMatch(/render-config: https/);
      tls = await startNginx(nginx!, out, httpPort);
    });

    afterAll(() => stopNginx(tls));

    it('redirects HTTP to HTTPS, keeping the path and method', async () => {
      if (!openssl) return console.warn('SKIPPED TLS checks: no openssl to make a certificate');
      const res = await send(`http://127.0.0.1:${httpPort}/api/v1/heartbeats?x=1`, {
        method: 'POST',
        body: '{}',
      });
      expect(res.status).toBe(308);
      expect(res.headers.location).toBe(`https://127.0.0.1:${httpsPort}/api/v1/heartbeats?x=1`);
    });

    it('serves the dashboard and the API over HTTPS with HSTS', async () => {
      if (!openssl) return;
      const page = await send(`https://127.0.0.1:${httpsPort}/`);
      expect(page.status).toBe(200);
      expect(page.body.toString()).toBe(INDEX);
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
      const api = await send(`https://127.0.0.1:${httpsPort}/api/v1/customers`);
      expect(JSON.parse(api.body.toString())).toMatchObject({ service: 'query' });
      expect(api.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(query.hits.at(-1)?.headers['x-forwarded-proto']).toBe('https');
    });
  });
});
