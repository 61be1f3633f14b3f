import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startGateway } from './gateway';

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('gateway', () => {
  let base: string;
  let releaseSecond: () => void;
  const secondWritten = new Promise<void>((r) => (releaseSecond = r));

  beforeAll(async () => {
    const heartbeat = await listen((req, res) => res.end(`heartbeat ${req.method} ${req.url}`));
    const query = await listen((req, res) => {
      if (req.url === '/api/v1/stream') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write('event: status\ndata: first\n\n');
        void secondWritten.then(() => res.end('event: status\ndata: second\n\n'));
        return;
      }
      res.end(`query ${req.url}`);
    });
    const root = mkdtempSync(path.join(os.tmpdir(), 'vt-gw-'));
    writeFileSync(path.join(root, 'index.html'), '<app-root></app-root>');
    writeFileSync(path.join(root, 'main-ABCDEFGH.js'), 'console.log(1)');
    const gateway = await startGateway({
      port: 0,
      staticRoot: root,
      upstreamPort: (name) => (name === 'heartbeat' ? heartbeat : query),
    });
    servers.push(gateway);
    base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });

  it('proxies API paths to their service', async () => {
    const hb = await fetch(`${base}/api/v1/vehicles/YS2R4X20005399401/heartbeats`, { method: 'POST' });
    expect(await hb.text()).toBe('heartbeat POST /api/v1/vehicles/YS2R4X20005399401/heartbeats');
    expect(await (await fetch(`${base}/search?customer_name=x`)).text()).toBe(
      'query /search?customer_name=x',
    );
  });

  it('serves the dashboard with an SPA fallback and long caching for hashed assets', async () => {
    const deep = await fetch(`${base}/vehicles/ABC`);
    expect(await deep.text()).toContain('app-root');
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${base}/main-ABCDEFGH.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('streams server-sent events through without buffering', async () => {
    const res = await fetch(`${base}/api/v1/stream`);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('data: first');
    releaseSecond();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += new TextDecoder().decode(chunk.value);
    expect(rest).toContain('data: second');
  });

  it('answers 503 problem+json when a service is down', async () => {
    const gateway = await startGateway({
      port: 0,
      staticRoot: '/nonexistent',
      upstreamPort: () => undefined,
    });
    servers.push(gateway);
    const res = await fetch(`http://127.0.0.1:${(gateway.address() as AddressInfo).port}/api/v1/customers`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('2');
  });
});
