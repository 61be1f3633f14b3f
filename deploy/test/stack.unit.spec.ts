import { execFileSync, spawnSync } from 'node:child_process';
import { readRepoFile, repoPath, NODE_SERVICES } from './support/repo';
import { loadStack, networksOf, secretsOf, type StackService } from './support/stack';
import { serviceEnv } from './support/service-env';

const stack = loadStack();
const withTls = loadStack('deploy/docker-stack.tls.yml');
const service = (name: string): StackService => {
  const found = stack.services[name];
  if (!found) throw new Error(`docker-stack.yml has no service ${name}`);
  return found;
};
const dockerCli = spawnSync('docker', ['--version'], { encoding: 'utf8' });
const hasDocker = dockerCli.status === 0;

describe('docker stack config', () => {
  // A controlled environment: what an operator's shell would give, and nothing from this machine's.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', TAG: 'abc123' };
  const render = (...files: string[]) =>
    execFileSync('docker', ['stack', 'config', ...files.flatMap((f) => ['-c', f])], {
      cwd: repoPath(),
      env: { ...env, REGISTRY: 'registry.example.com/vt' },
      encoding: 'utf8',
    });

  it('accepts the stack, alone and with the TLS override', () => {
    if (!hasDocker) {
      console.warn('SKIPPED: no docker CLI on this machine, so `docker stack config` was not run');
      return;
    }
    const plain = render('docker-stack.yml');
    expect(plain).toContain('image: registry.example.com/vt/heartbeat:abc123');
    expect(plain).not.toMatch(/\$\{/);
    const tls = render('docker-stack.yml', 'deploy/docker-stack.tls.yml');
    expect(tls).toMatch(/published: 443/);
    expect(tls).toContain('source: tls_cert');
  });

  it('rejects an unknown key (so the check above means something)', () => {
    if (!hasDocker) return;
    const result = spawnSync('docker', ['stack', 'config', '-c', '-'], {
      input: "version: '3.9'\nservices:\n  a:\n    image: x\n    restart_polcy: always\n",
      env,
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/restart_polcy/);
  });
});

/** Read by Node itself, not by a config schema (the projector's heap cap under its memory limit). */
const NODE_RUNTIME_KEYS = ['NODE_OPTIONS'];

describe('every environment variable a service reads is provided', () => {
  // Rule: every key of a service's config schema is set in the stack, defaults included, so an operator sees
  // every setting in one place and a new setting cannot ship unnoticed. A key is provided by KEY or KEY_FILE
  // (a Docker secret); KEY_FILE only counts for keys the service accepts as secrets.
  it.each(NODE_SERVICES)('%s', (name) => {
    const read = serviceEnv(name);
    if (!read) {
      console.warn(`SKIPPED: services/${name}/src/config.ts does not exist yet`);
      return;
    }
    const env = service(name).environment ?? {};
    const missing = read.keys.filter(
      (key) => !(key in env) && !(read.secretKeys.includes(key) && `${key}_FILE` in env),
    );
    expect(missing).toEqual([]);
    const unknown = Object.keys(env).filter(
      (key) =>
        !NODE_RUNTIME_KEYS.includes(key) &&
        !read.keys.includes(key) &&
        !read.keys.includes(key.replace(/_FILE$/, '')),
    );
    expect(unknown).toEqual([]);
    const fileKeysNotSecret = Object.keys(env)
      .filter((key) => key.endsWith('_FILE'))
      .filter((key) => !read.secretKeys.includes(key.replace(/_FILE$/, '')));
    expect(fileKeysNotSecret).toEqual([]);
    expect(env.MIGRATE_ON_START).toBe('false');
    expect(env.PORT).toBe('8080');
  });

  it('the migrate job gets the database URL', () => {
    expect(service('migrate').environment).toEqual({ DATABASE_URL_FILE: '/run/secrets/database_url' });
  });

  it('postgres reads its password from the pg_password secret', () => {
    expect(service('postgres').environment?.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/pg_password');
  });

  it('the web container only gets settings its render script knows', () => {
    const script = readRepoFile('deploy/web/render-config.sh') ?? '';
    const known = [...script.matchAll(/: "\$\{([A-Z0-9_]+):=/g)].map((m) => m[1]);
    for (const key of Object.keys(service('web').environment ?? {})) expect(known).toContain(key);
  });
});

describe('secrets', () => {
  const declared = { ...stack.secrets, ...withTls.secrets };

  it.each(Object.keys(stack.services))(
    '%s mounts every secret its *_FILE settings name, all declared',
    (name) => {
      const svc = service(name);
      const mounted = secretsOf(svc);
      const named = Object.values(svc.environment ?? {})
        .map((value) => /^\/run\/secrets\/(.+)$/.exec(String(value))?.[1])
        .filter((s): s is string => s !== undefined);
      for (const secret of named) expect(mounted).toContain(secret);
      for (const secret of mounted) expect(Object.keys(declared)).toContain(secret);
    },
  );

  it('the TLS override declares what it mounts, and the issue names pg_password and admin_token', () => {
    for (const secret of secretsOf(withTls.services.web!)) expect(Object.keys(declared)).toContain(secret);
    expect(Object.keys(stack.secrets ?? {})).toEqual(expect.arrayContaining(['pg_password', 'admin_token']));
  });
});

describe('services', () => {
  it('has the issue’s services', () => {
    expect(Object.keys(stack.services).sort()).toEqual(
      ['heartbeat', 'migrate', 'postgres', 'projector', 'query', 'web'].sort(),
    );
  });

  it.each(Object.keys(stack.services))('%s has a healthcheck, or is a job', (name) => {
    const svc = service(name);
    if (svc.deploy?.mode === 'replicated-job') {
      expect(svc.deploy.restart_policy?.condition).toBe('on-failure');
      return;
    }
    expect(svc.healthcheck?.disable).not.toBe(true);
    expect(svc.healthcheck?.test?.length).toBeGreaterThan(0);
    expect(svc.deploy?.restart_policy?.condition).toBe('any');
    expect(svc.deploy?.resources?.limits?.memory).toBeDefined();
    expect(svc.deploy?.resources?.limits?.cpus).toBeDefined();
  });

  it.each(['heartbeat', 'projector', 'query', 'web'])('%s rolls out start-first and rolls back', (name) => {
    expect(service(name).deploy?.update_config).toMatchObject({
      order: 'start-first',
      failure_action: 'rollback',
    });
  });

  it('runs enough replicas', () => {
    expect(Number(service('heartbeat').deploy?.replicas)).toBeGreaterThanOrEqual(2);
    expect(Number(service('query').deploy?.replicas)).toBeGreaterThanOrEqual(2);
    expect(Number(service('projector').deploy?.replicas)).toBe(2);
  });

  it('keeps the database on a labelled node, on a volume, unpublished, on an overlay network', () => {
    const pg = service('postgres');
    expect(pg.image).toBe('postgres:17');
    expect(pg.deploy?.placement?.constraints).toContain('node.labels.vehicle-tracker.db == true');
    expect(pg.deploy?.update_config?.order).toBe('stop-first');
    expect(pg.ports).toBeUndefined();
    expect(Object.keys(stack.volumes ?? {})).toContain('pgdata');
    for (const net of networksOf(pg)) expect(stack.networks?.[net]?.driver).toBe('overlay');
    expect(networksOf(service('web'))).not.toEqual(expect.arrayContaining(networksOf(pg)));
  });

  it('publishes only the web container, on 80', () => {
    const published = Object.entries(stack.services).filter(([, s]) => s.ports?.length);
    expect(published.map(([n]) => n)).toEqual(['web']);
    expect(service('web').ports).toEqual([expect.objectContaining({ published: 80, target: 8080 })]);
  });

  it('names images from REGISTRY and TAG', () => {
    const tagged = loadStack('docker-stack.yml', { REGISTRY: 'r.example/x', TAG: 't1' });
    for (const name of ['migrate', 'web', ...NODE_SERVICES]) {
      expect(tagged.services[name]?.image).toBe(`r.example/x/${name}:t1`);
      expect(service(name).image).toMatch(/:latest$/);
    }
  });
});
