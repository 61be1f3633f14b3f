import { Server, createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Figures } from '../report';
import { requestsFor, type RouteSpec } from './requests';
import { fuzz, prototypeKeys, type FuzzResult } from './runner';

export interface ServiceFuzz<State> {
  /** Heads the printed figures, e.g. 'fuzz: query service'. */
  title: string;
  /** The test's name: what the service promises under the fuzz. */
  promise: string;
  /**
   * The service: a listening server, or a request listener that is served on 127.0.0.1 for the test's
   * duration. Read when the test runs, after the spec's beforeAll.
   */
  target: () => Server | RequestListener;
  /** The routes to fuzz (a spec may make its fixtures here: it runs first, before `before`). */
  routes: () => RouteSpec[] | Promise<RouteSpec[]>;
  /** Requests to send (a size from `sizes`). */
  requests: number;
  /** The jest timeout (`timeoutMs(suite, soak)`). */
  timeoutMs: number;
  /** The state to compare afterwards (rows, a snapshot of answers), taken right before the fuzz. */
  before?: () => Promise<State>;
  /** The spec's own checks after the run: what was written, that the service still works. */
  after?: (result: FuzzResult, state: State, figures: Figures) => Promise<void>;
}

/**
 * Declares a service's fuzz test: sends `requests` random and hostile requests to its routes and asserts what
 * holds for every service (no 5xx, no crash, no closed connection, errors as problem+json, no prototype
 * pollution), then runs the spec's own checks. The figures (requests, answers by status, rate, and what `after`
 * adds) are printed once the file's tests are done. Returns them for the spec's other tests.
 */
export function fuzzService<State = undefined>(spec: ServiceFuzz<State>): Figures {
  const figures = new Figures(spec.title);
  afterAll(() => figures.print());
  it(
    spec.promise,
    async () => {
      const routes = await spec.routes();
      const state = (await spec.before?.()) as State;
      const proto = prototypeKeys();
      const started = Date.now();
      const result = await served(spec.target(), (port) => fuzz(port, requestsFor(routes), spec.requests));
      figures.add('requests fuzzed', result.requests);
      figures.add('answers by status', JSON.stringify(result.statuses));
      figures.add('requests per second', Math.round(result.requests / ((Date.now() - started) / 1000)));
      expect(result.failures).toEqual([]);
      expect(prototypeKeys()).toEqual(proto);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await spec.after?.(result, state, figures);
    },
    spec.timeoutMs,
  );
  return figures;
}

/** Runs `use` with the port of `target`, listening on 127.0.0.1 meanwhile when it is a bare listener. */
async function served<T>(target: Server | RequestListener, use: (port: number) => Promise<T>): Promise<T> {
  if (target instanceof Server) return use((target.address() as AddressInfo).port);
  const server = createServer(target);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
