// The system's processes, started the way the launcher (packages/launcher) starts them: each service's
// dist/main.js with the launcher's environment, on 127.0.0.1; output prefixed with the part's name.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** A pino JSON line as "level msg: error" (as the launcher prints its parts' output). */
function shorten(line) {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line);
    return `${LEVELS[entry.level] ?? 'info'} ${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`;
  } catch {
    return line;
  }
}

function prefixed(name, stream) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) if (line.trim()) console.log(`  [${name}] ${shorten(line)}`);
  });
}

/** A child process; `onLine` sees each line of its standard output (else it is printed, prefixed). */
export function startPart(name, script, { args = [], env = {}, onLine } = {}) {
  const child = spawn(process.execPath, [path.join(root, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (onLine) {
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      lines.forEach(onLine);
    });
  } else prefixed(name, child.stdout);
  prefixed(name, child.stderr);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { name, child, exited };
}

/** A service as the launcher runs it (see serviceSpec in packages/launcher/src/start.ts). */
export function startService(name, port, env) {
  const script = path.join('services', name, 'dist', 'main.js');
  if (!existsSync(path.join(root, script))) throw new Error(`${script} is missing: npm run build`);
  const base = { ...process.env };
  delete base.DATABASE_URL_FILE;
  delete base.ADMIN_TOKEN_FILE;
  return startPart(name, script, {
    env: {
      ...base,
      PORT: String(port),
      HOST: '127.0.0.1',
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
}

/** Waits until `url` answers 200 (the part is up), or fails after `ms`. */
export async function waitUp(part, url, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (part.child.exitCode !== null) throw new Error(`${part.name} exited with ${part.child.exitCode}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${part.name} did not come up at ${url} within ${ms / 1000} s`);
}

/** Resident memory of a process now and at its peak, in MB (Linux /proc; undefined elsewhere or once it ended). */
export function memoryOf(part) {
  try {
    const status = readFileSync(`/proc/${part.child.pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const peak = kb('VmHWM');
    // A process that is exiting (a zombie) has no memory lines left.
    return Number.isFinite(peak) ? { rssMb: kb('VmRSS') / 1024, peakMb: peak / 1024 } : undefined;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux architecture node runs on

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc; undefined elsewhere). */
export function cpuSecondsOf(part) {
  try {
    const stat = readFileSync(`/proc/${part.child.pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** CPU time of the whole machine so far, in seconds: busy (all but idle and iowait) and total, over all cores. */
export function machineCpuSeconds() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - ticks[3] - ticks[4]) / CLOCK_TICKS, total: total / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

/** SIGTERM, then SIGKILL after `ms` (as the launcher's supervisor does). */
export async function stopPart(part, ms = 15_000) {
  if (part.child.exitCode !== null || part.child.signalCode !== null) return;
  part.child.kill('SIGTERM');
  const timer = setTimeout(() => part.child.kill('SIGKILL'), ms);
  await part.exited;
  clearTimeout(timer);
}
