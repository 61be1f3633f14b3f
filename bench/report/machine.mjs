// The machine section of the report: what the figures were measured on.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';

function osName() {
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1];
  return [pretty, `${os.type()} ${os.release()}`].filter(Boolean).join(', ');
}

function git(args, cwd) {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function commit(root) {
  const head = git(['rev-parse', '--short', 'HEAD'], root);
  if (!head) return 'unknown (not a git checkout)';
  const dirty = git(['status', '--porcelain', '--untracked-files=no'], root);
  return dirty ? `${head} with uncommitted changes` : head;
}

function database(info) {
  if (!info.version) return 'not started (no benchmark that uses one ran)';
  const where = info.embedded
    ? 'embedded (npm binaries), its own cluster per benchmark'
    : 'BENCH_DATABASE_URL';
  return (
    `PostgreSQL ${info.version}, ${where}; fsync ${info.fsync}, synchronous_commit ${info.synchronous_commit}, ` +
    `shared_buffers ${info.shared_buffers}, max_wal_size ${info.max_wal_size}`
  );
}

/** [label, value] rows; `load` is the 1-minute load average at the start and the end of the run. */
export function describeMachine({ root, databaseInfo, load }) {
  const cpus = os.cpus();
  return [
    ['CPU', `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown'}`],
    ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', osName()],
    ['Node.js', process.version],
    ['database', database(databaseInfo)],
    ['commit', commit(root)],
    [
      'load average (1 min)',
      `${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end (other work on the machine depresses the figures, not the ratios as much)`,
    ],
  ];
}
