import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoPath } from './repo';
import { waitFor } from './net';
import { send } from './http';

/** Debian's nginx binary, installing the package when missing and we may (root with apt-get); else undefined. */
export function findNginx(): string | undefined {
  const which = () => spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' });
  let found = which().stdout.trim().split('\n')[0];
  if (!found && process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: 'ignore',
      timeout: 120_000,
    });
    found = which().stdout.trim().split('\n')[0];
  }
  return found || undefined;
}

/** Runs deploy/web/render-config.sh, exactly as the image's entrypoint does, with `env` over its defaults. */
export function renderConfig(nginx: string, env: Record<string, string>) {
  return spawnSync('sh', [repoPath('deploy/web/render-config.sh')], {
    env: {
      PATH: process.env.PATH,
      NGINX_BIN: nginx,
      VT_TEMPLATE_DIR: repoPath('deploy/web/templates'),
      ...env,
    },
    encoding: 'utf8',
  });
}

/**
 * Starts nginx in the foreground on the configuration rendered into `dir`/conf.d. The main file stands in for the
 * image's /etc/nginx/nginx.conf (pid, logs, temp paths, mime types, `include conf.d/*.conf`); everything the
 * web container adds is the rendered conf.d, used here unchanged.
 */
export async function startNginx(nginx: string, dir: string, port: number): Promise<ChildProcess> {
  const temp = path.join(dir, 'temp');
  mkdirSync(temp, { recursive: true });
  chmodSync(temp, 0o777); // the workers run as nobody when the tests run as root
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      `pid ${dir}/nginx.pid;`,
      'error_log stderr warn;',
      'worker_processes 1;',
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${temp}/${t};`),
      `  include ${dir}/conf.d/*.conf;`,
      '}',
    ].join('\n'),
  );
  const child = spawn(
    nginx,
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    await waitFor('nginx', async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      return (await send(`http://127.0.0.1:${port}/healthz`)).status === 200;
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return child;
}

/** Stops nginx (SIGQUIT: graceful, the image's STOPSIGNAL) and waits for it. */
export function stopNginx(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGQUIT');
  });
}

/** True when the file exists (for optional tools like openssl). */
export const have = (file: string): boolean => existsSync(file);
