import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort } from '@vehicle-tracker/embedded-pg';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export type ServiceName = 'heartbeat' | 'projector' | 'query';

export const ADMIN_TOKEN = 'fault-suite-admin-token-0123456789';

/** Settings every spawned service gets unless the spec overrides them. */
const DEFAULTS: Record<ServiceName, Record<string, string>> = {
  heartbeat: {
    ADMIN_TOKEN,
    HEARTBEAT_RATE_PER_MINUTE: '1000000',
    HEARTBEAT_RATE_BURST: '1000000',
    CLIENT_RATE_PER_MINUTE: '0', // the load comes from one address
  },
  projector: {},
  // Operator sign-in is another spec's subject; these specs read the API directly.
  query: { OPERATOR_AUTH: 'off' },
};

export interface ServiceProcess {
  name: ServiceName;
  port: number;
  url: string;
  child: ChildProcess;
  /** The last lines the process printed (for a failure message). */
  output(): string;
  /** Resolves with the exit code (null after a signal). */
  exited(): Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a built service (`services/<name>/dist/<script>`) as a real process on 127.0.0.1. Its database is
 * already migrated (test databases are clones of the migrated template), so MIGRATE_ON_START is off by default.
 */
export async function spawnService(
  name: ServiceName,
  env: Record<string, string>,
  opts: { port?: number; script?: string; args?: string[] } = {},
): Promise<ServiceProcess> {
  const script = path.join(ROOT, 'services', name, 'dist', opts.script ?? 'main.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run "npm run build" first`);
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, [script, ...(opts.args ?? [])], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MIGRATE_ON_START: 'false',
      ...DEFAULTS[name],
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    if (process.env.VT_TEST_VERBOSE) process.stderr.write(chunk);
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => lines.join('\n'),
    exited: () => exit,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exit;
    },
  };
}

/** GET `path` with a fresh connection: the status, or 0 when nothing answered. */
export function probe(url: string, pathname: string, timeoutMs = 2_000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(`${url}${pathname}`, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 20 ms until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false | null>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Waits until `pathname` answers 200; fails with the process's output when it exits or takes too long. */
export async function waitReady(svc: ServiceProcess, pathname = '/readyz', timeoutMs = 15_000) {
  const started = Date.now();
  let exited = false;
  void svc.exited().then(() => (exited = true));
  try {
    await waitFor(
      `${svc.name} ${pathname}`,
      async () => {
        if (exited) throw new Error(`${svc.name} exited during start`);
        return (await probe(svc.url, pathname, 1_000)) === 200;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${svc.output()}`);
  }
  return Date.now() - started;
}

/** Resident memory of a process in bytes (Linux /proc). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}
