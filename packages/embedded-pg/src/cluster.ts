import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { canReach, reachableNativeDir } from './binaries';
import { resolveRunAs, type RunAs } from './run-as';

export interface ClusterOptions {
  /** Folder that holds the cluster (in `<dataDir>/postgres`) and its generated password. */
  dataDir: string;
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** Extra `-c name=value` server settings, e.g. `{ fsync: 'off' }` for throwaway test clusters. */
  settings?: Record<string, string>;
  /** Where binaries and unreachable data are placed when running as root (default /var/tmp/vehicle-tracker). */
  cacheRoot?: string;
  /** Every line the server prints. */
  log?: (line: string) => void;
  /** What the launcher decided on the way (a relocated folder, a stale server stopped): worth telling a user. */
  notice?: (line: string) => void;
}

export interface RunningCluster {
  /** Superuser URL of the `postgres` database, on 127.0.0.1. */
  adminUrl: string;
  port: number;
  clusterDir: string;
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  max_connections: '200',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The folder the server keeps its files in. Normally `<dataDir>/postgres`; under root, when user "postgres"
 * cannot traverse to `dataDir` (a checkout in a mode-700 home), a stable folder under `cacheRoot` keyed by
 * `dataDir`'s absolute path, so data still persists between runs.
 */
function clusterDirFor(
  dataDir: string,
  runAs: RunAs | undefined,
  cacheRoot: string,
  log: (l: string) => void,
) {
  const preferred = path.join(dataDir, 'postgres');
  if (canReach(dataDir, runAs)) return preferred;
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  const fallback = path.join(cacheRoot, `data-${key}`, 'postgres');
  for (const dir of [cacheRoot, path.dirname(fallback)]) {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
  }
  log(`user "postgres" cannot reach ${dataDir}; keeping the PostgreSQL cluster in ${fallback} instead`);
  return fallback;
}

function readOrCreatePassword(dataDir: string): string {
  const file = path.join(dataDir, 'postgres-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

function run(cmd: string, args: string[], runAs: RunAs | undefined, env: NodeJS.ProcessEnv): void {
  const r = spawnSync(cmd, args, { uid: runAs?.uid, gid: runAs?.gid, env, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(
      `${path.basename(cmd)} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout || r.error}`,
    );
  }
}

function initialise(
  bin: string,
  clusterDir: string,
  password: string,
  runAs: RunAs | undefined,
  env: NodeJS.ProcessEnv,
) {
  // Only the cluster folder itself is private; its parents must stay traversable for user "postgres".
  mkdirSync(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
  mkdirSync(clusterDir, { mode: 0o700 });
  if (runAs) chownSync(clusterDir, runAs.uid, runAs.gid);
  const pwFile = path.join(os.tmpdir(), `vt-pgpw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  if (runAs) chownSync(pwFile, runAs.uid, runAs.gid);
  try {
    // The builtin provider gives Unicode-aware lower()/upper() without depending on the host's OS locales.
    run(
      path.join(bin, 'initdb'),
      [
        '-D',
        clusterDir,
        '-U',
        'postgres',
        '--auth=scram-sha-256',
        `--pwfile=${pwFile}`,
        '-E',
        'UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      runAs,
      env,
    );
  } finally {
    rmSync(pwFile, { force: true });
  }
}

/** Stops a server left running by a crashed earlier run on the same folder, so the new start can take it over. */
async function stopStale(clusterDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping a PostgreSQL (pid ${pid}) left running on ${clusterDir}`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitReady(child: ChildProcess, log: (l: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`PostgreSQL did not start within 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line);
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited during start (${code ?? signal}):\n${output}`));
    });
  });
}

/** Initialises (once) and starts a PostgreSQL cluster from the npm-shipped binaries. */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const log = options.log ?? (() => undefined);
  const notice = options.notice ?? log;
  const cacheRoot = options.cacheRoot ?? '/var/tmp/vehicle-tracker';
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const runAs = resolveRunAs();
  const native = reachableNativeDir(runAs, cacheRoot, notice);
  const bin = path.join(native, 'bin');
  const clusterDir = clusterDirFor(dataDir, runAs, cacheRoot, notice);
  const env = { ...process.env, LC_ALL: 'C', LD_LIBRARY_PATH: path.join(native, 'lib') };
  const password = readOrCreatePassword(dataDir);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) initialise(bin, clusterDir, password, runAs, env);
  await stopStale(clusterDir, notice);

  const port = options.port ?? (await freePort());
  const settings = { ...DEFAULT_SETTINGS, ...options.settings, port: String(port) };
  const args = ['-D', clusterDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child = spawn(path.join(bin, 'postgres'), args, {
    uid: runAs?.uid,
    gid: runAs?.gid,
    env,
    stdio: 'pipe',
  });
  await waitReady(child, log);
  // A dying parent must not leave the server behind; 'exit' handlers may only do synchronous work.
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGINT'); // fast shutdown: rolls back open transactions, checkpoints, exits
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { adminUrl, port, clusterDir, stop };
}
