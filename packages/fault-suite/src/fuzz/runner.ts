import http from 'node:http';
import fc from 'fast-check';
import { send, type FuzzAnswer, type FuzzRequest } from './client';

export interface FuzzResult {
  requests: number;
  /** Answers by status (0: closed without an answer, only allowed for malformed framing). */
  statuses: Record<string, number>;
  /** Request ids (X-Request-Id) answered 2xx: the only requests allowed to write. */
  accepted: Set<string>;
  failures: string[];
}

const describe = (req: FuzzRequest, res: FuzzAnswer) => {
  const cut = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}... (${s.length} chars)` : s);
  return JSON.stringify({
    request: {
      method: cut(req.method, 40),
      path: cut(req.path),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, cut(v, 80)])),
      body: req.body === undefined ? undefined : cut(req.body),
      raw: req.raw === undefined ? undefined : cut(req.raw),
    },
    answer: { status: res.status, headers: res.headers, body: cut(res.body) },
  });
};

/**
 * What every answer to any request must satisfy: no 5xx, an answer (or a close, for framing a server must not
 * accept), and an error answer with a body is problem+json.
 */
function violation(req: FuzzRequest, res: FuzzAnswer): string | undefined {
  if (res.status >= 500) return `answered ${res.status}`;
  if (res.status === 0 && req.raw === undefined && !/^[\w!#$%&'*+.^`|~-]+$/.test(req.method))
    return undefined; // node's own client gave up on a method token it cannot send
  if (res.status === 0 && req.raw === undefined) return `no answer: ${res.body}`;
  const type = res.headers['content-type'];
  if (
    res.status >= 400 &&
    type !== undefined &&
    res.body.length > 0 &&
    !/application\/problem\+json/.test(type)
  )
    return `error answered as ${type}`;
  return undefined;
}

/**
 * Sends `count` requests drawn from `arbitrary`, `concurrency` at a time (keep-alive connections, so a request
 * that leaves its connection in a bad state shows in the next one), each with a unique X-Request-Id, and checks
 * every answer. Knobs: FUZZ_SEED replays a run (the seed is printed with any failure), FUZZ_FAILURES how many
 * failures to report (10), FUZZ_DEBUG=<regex> prints the answers to matching paths and to any slower than 500 ms.
 */
export async function fuzz(
  port: number,
  arbitrary: fc.Arbitrary<FuzzRequest>,
  count: number,
  opts: { concurrency?: number } = {},
): Promise<FuzzResult> {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const t0 = Date.now();
  const requests = fc.sample(arbitrary, { numRuns: count, seed });
  if (process.env.FUZZ_DEBUG) console.log(`generated ${count} in ${Date.now() - t0} ms`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency ?? 8 });
  const result: FuzzResult = { requests: 0, statuses: {}, accepted: new Set(), failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const id = `fz-${seed}-${i}`;
      const req = requests[i]!;
      req.headers = { ...req.headers, 'X-Request-Id': id };
      if (req.raw !== undefined) req.raw = req.raw.replace('\r\n', `\r\nX-Request-Id: ${id}\r\n`);
      let res: FuzzAnswer;
      try {
        res = await send(port, req, agent);
      } catch (err) {
        result.failures.push(
          `${(err as Error).message}: ${describe(req, { status: 0, headers: {}, body: '', ms: 0 })}`,
        );
        continue;
      }
      result.requests += 1;
      if (process.env.FUZZ_DEBUG && (res.ms > 500 || new RegExp(process.env.FUZZ_DEBUG).test(req.path)))
        console.log(res.ms, describe(req, res).slice(0, 400));
      result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
      if (res.status >= 200 && res.status < 300) result.accepted.add(id);
      const problem = violation(req, res);
      if (problem) result.failures.push(`${problem} (seed ${seed}): ${describe(req, res)}`);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  agent.destroy();
  result.failures = result.failures.slice(0, Number(process.env.FUZZ_FAILURES ?? 10));
  return result;
}

/** Properties of Object.prototype: a polluting request would add one. */
export const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
