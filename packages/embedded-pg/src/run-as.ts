import { execFileSync } from 'node:child_process';

/** The unprivileged account PostgreSQL runs as when we are root (it refuses to run as root). */
export interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

function idOf(user: string): RunAs | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { user, uid, gid };
  } catch {
    return undefined;
  }
}

/** undefined for a normal user (the server runs as that user); the `postgres` account, created if needed, for root. */
export function resolveRunAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = idOf('postgres');
  if (existing) return existing;
  try {
    execFileSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      {
        stdio: 'pipe',
      },
    );
  } catch (err) {
    throw new Error(
      `Running as root: could not create the "postgres" system user for PostgreSQL: ${String(err)}`,
    );
  }
  const created = idOf('postgres');
  if (!created)
    throw new Error('Running as root: the "postgres" system user was created but cannot be found.');
  return created;
}
