import http from 'node:http';
import net from 'node:net';

/** One fuzzed request. `raw` sends `head` bytes as they are (framing a well-behaved client would refuse to send). */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  raw?: string;
}

export interface FuzzAnswer {
  /** 0: the connection closed without an answer. */
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
}

const TIMEOUT_MS = 10_000;

/**
 * Sends a request; a client-side refusal to send it (invalid header or path) falls back to raw bytes. A request
 * on a reused keep-alive connection that the server had just closed is retried once on a new connection.
 */
export async function send(port: number, req: FuzzRequest, agent: http.Agent): Promise<FuzzAnswer> {
  if (req.raw !== undefined) return sendRaw(port, req.raw);
  const first = await sendHttp(port, req, agent);
  return first.status === 0 && first.reused ? sendHttp(port, req, false) : first;
}

/** The request as bytes on the wire, Connection: close. */
export function rawRequest(req: FuzzRequest): string {
  const body = req.body ?? '';
  const headers = Object.entries(req.headers)
    .filter(([k]) => !/^(content-length|connection|host)$/i.test(k))
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return (
    `${req.method} ${req.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

function sendHttp(
  port: number,
  req: FuzzRequest,
  agent: http.Agent | false,
): Promise<FuzzAnswer & { reused?: boolean }> {
  const started = Date.now();
  const headers: Record<string, string | number> = { ...req.headers };
  if (req.body !== undefined) headers['Content-Length'] = Buffer.byteLength(req.body);
  return new Promise((resolve, reject) => {
    let r: http.ClientRequest;
    try {
      r = http.request({
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers,
        agent,
        timeout: TIMEOUT_MS,
      });
    } catch {
      return void resolve(sendRaw(port, rawRequest(req))); // node refuses to send it: send the bytes ourselves
    }
    r.on('response', (res) => {
      const answer = (body: string) => ({
        status: res.statusCode ?? 0,
        headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
        body,
        ms: Date.now() - started,
      });
      // An event stream never ends: its head is the answer.
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        resolve(answer(''));
        return void r.destroy();
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(answer(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', () => resolve(answer(Buffer.concat(chunks).toString('utf8'))));
    });
    r.on('timeout', () => r.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    r.on('error', (err) =>
      /no answer within/.test(err.message)
        ? reject(err)
        : resolve({
            status: 0,
            headers: {},
            body: String(err),
            ms: Date.now() - started,
            reused: r.reusedSocket,
          }),
    );
    r.end(req.body);
  });
}

/**
 * Writes the bytes and reads until the server closes. A request the server is still waiting to complete (a body
 * shorter than its Content-Length) is ended by the client after 1 s; then the server must close without a 5xx.
 */
function sendRaw(port: number, bytes: string): Promise<FuzzAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(nudge);
      clearTimeout(timeout);
      resolve(parseRaw(Buffer.concat(chunks).toString('latin1'), Date.now() - started));
    };
    const nudge = setTimeout(() => socket.end(), 1_000);
    const timeout = setTimeout(() => {
      socket.destroy();
      reject(new Error(`raw request: no close within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (
        /^HTTP\/1\.[01] 200[^]*content-type: text\/event-stream/i.test(
          Buffer.concat(chunks).toString('latin1'),
        )
      )
        socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', finish);
  });
}

function parseRaw(text: string, ms: number): FuzzAnswer {
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: end === -1 ? '' : text.slice(end + 4), ms };
}
