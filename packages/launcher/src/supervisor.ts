import { spawn, type ChildProcess } from 'node:child_process';

export interface PartSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Answering 200 here means the part is up; parts without a health URL are up once started. */
  healthUrl?: string;
}

export type PartState = 'starting' | 'up' | 'restarting' | 'stopped';

/**
 * Runs one part (a child process), restarting it with backoff when it dies, and reporting state changes.
 * Output lines are prefixed with the part's name; pino JSON lines are shortened to "level msg".
 */
export class Supervised {
  state: PartState = 'starting';
  private child?: ChildProcess;
  private stopping = false;
  private failures = 0;
  private startedAt = 0;

  constructor(
    readonly spec: PartSpec,
    private readonly onState: (part: Supervised) => void,
    private readonly print: (line: string) => void,
  ) {}

  start(): void {
    this.startedAt = Date.now();
    const child = spawn(this.spec.command, this.spec.args, {
      // The part stops by itself if the launcher dies without stopping it (service-kit's watchParent).
      env: { ...this.spec.env, VT_PARENT_PID: String(process.pid) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (b: Buffer) => this.output(b));
    child.once('exit', (code, signal) => this.exited(code, signal));
    void this.waitUp(child);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.set('stopped');
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    this.set('stopped');
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    // A part that ran for a minute is healthy again: start the backoff over.
    if (Date.now() - this.startedAt > 60_000) this.failures = 0;
    const delay = Math.min(30_000, 1000 * 2 ** this.failures++);
    this.print(`${this.spec.name} died (${signal ?? `exit ${code}`}); restarting in ${delay / 1000} s`);
    this.set('restarting');
    setTimeout(() => !this.stopping && this.start(), delay).unref();
  }

  private async waitUp(child: ChildProcess): Promise<void> {
    for (let i = 0; i < 600 && this.child === child && child.exitCode === null && !this.stopping; i++) {
      if (!this.spec.healthUrl || (await answers(this.spec.healthUrl))) return this.set('up');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private set(state: PartState): void {
    if (this.state === state) return;
    this.state = state;
    this.onState(this);
  }

  private output(chunk: Buffer): void {
    for (const raw of chunk.toString('utf8').split('\n')) {
      if (raw.trim()) this.print(`[${this.spec.name}] ${shorten(raw)}`);
    }
  }
}

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function shorten(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    const error = entry.err?.message ? `: ${entry.err.message}` : '';
    return `${LEVELS[entry.level ?? 30] ?? 'info'} ${entry.msg ?? ''}${error}`;
  } catch {
    return line;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}
