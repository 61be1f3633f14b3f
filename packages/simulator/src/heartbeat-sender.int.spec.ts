import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeartbeatSender } from './heartbeat-sender';
import { Simulator } from './simulator';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: unknown;
}

/** A local server that records each request and lets `answer` decide what to do with it. */
async function server(answer: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void) {
  const seen: Seen[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, socket: req.socket });
      answer(req, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  const close = () => {
    srv.closeAllConnections();
    return new Promise((resolve) => srv.close(resolve));
  };
  return { url, seen, close };
}

const accept = (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(202).end('{}');
const VIN = '1HGCM82633A004352';

describe('HeartbeatSender', () => {
  let s: Awaited<ReturnType<typeof server>> | undefined;
  let sender: HeartbeatSender | undefined;
  afterEach(async () => {
    sender?.close();
    await s?.close();
  });

  it('posts a heartbeat as a device does and resolves with the status', async () => {
    s = await server(accept);
    sender = new HeartbeatSender(`${s.url}/`, 4);
    const sentAt = new Date('2026-01-02T03:04:05.678Z');

    const status = await sender.post(VIN, 'device-token', 7, sentAt);

    expect(status).toBe(202);
    const [req] = s.seen;
    expect(req).toMatchObject({ method: 'POST', url: `/api/v1/vehicles/${VIN}/heartbeats` });
    expect(req!.headers).toMatchObject({
      authorization: 'Bearer device-token',
      'content-type': 'application/json',
    });
    expect(JSON.parse(req!.body)).toEqual({ sentAt: '2026-01-02T03:04:05.678Z', sequence: 7 });
    expect(sender.inFlight).toBe(0);
  });

  it('sends no Authorization without a token, and reuses its connection', async () => {
    s = await server(accept);
    sender = new HeartbeatSender(s.url, 1);

    await sender.post(VIN, undefined, 0, new Date());
    await sender.post(VIN, undefined, 1, new Date());

    expect(s.seen[0]!.headers.authorization).toBeUndefined();
    expect(s.seen[1]!.socket).toBe(s.seen[0]!.socket);
  });

  it('fails a request that gets no answer within the timeout', async () => {
    s = await server(() => undefined);
    sender = new HeartbeatSender(s.url, 4, 200);

    await expect(sender.post(VIN, 't', 0, new Date())).rejects.toThrow('no answer within 200 ms');
    expect(sender.inFlight).toBe(0);
  });

  it('sends again once when the server dropped the idle connection it went out on', async () => {
    // The second request arrives on the kept-alive connection and the server closes it without an answer.
    s = await server((req, res, n) => (n === 2 ? req.socket.destroy() : accept(req, res)));
    sender = new HeartbeatSender(s.url, 1);
    await sender.post(VIN, 't', 0, new Date());

    const status = await sender.post(VIN, 't', 1, new Date());

    expect(status).toBe(202);
    expect(s.seen.map((r) => JSON.parse(r.body).sequence)).toEqual([0, 1, 1]);
    expect(s.seen[2]!.socket).not.toBe(s.seen[1]!.socket);
  });
});

describe('Simulator', () => {
  it('drives every vehicle with rising sequences and counts refusals as failures', async () => {
    const s = await server((req, res) =>
      req.url!.includes('2T1BURHE0JC000002') ? res.writeHead(401).end() : accept(req, res),
    );
    const vins = ['2T1BURHE0JC000001', '2T1BURHE0JC000002', '2T1BURHE0JC000003'];
    const behaviour = { intervalSeconds: 0.1, jitter: 0, offlineShare: 0, meanOnlineSeconds: 1000 };
    const sim = new Simulator(
      s.url,
      vins.map((vin) => ({ vin, token: `token-${vin}` })),
      behaviour,
    );
    let stats = sim.stats;
    let seen: Seen[] = [];
    try {
      sim.start();
      await new Promise((resolve) => setTimeout(resolve, 600));
      // Between two rounds nothing is in flight: what the server saw and what the simulator counted agree.
      while (sim.stats.sent !== sim.stats.accepted + sim.stats.failed)
        await new Promise((resolve) => setTimeout(resolve, 2));
      stats = { ...sim.stats };
      seen = [...s.seen];
    } finally {
      sim.stop();
      await s.close();
    }

    for (const vin of vins) {
      const mine = seen.filter((r) => r.url.includes(vin));
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(mine.every((r) => r.headers.authorization === `Bearer token-${vin}`)).toBe(true);
      expect(mine.map((r) => JSON.parse(r.body).sequence)).toEqual(mine.map((_, i) => i));
    }
    const refused = seen.filter((r) => r.url.includes(vins[1]!)).length;
    expect(stats).toMatchObject({
      sent: seen.length,
      accepted: seen.length - refused,
      failed: refused,
      lastError: `HTTP 401 for ${vins[1]}`,
    });
  });
});
