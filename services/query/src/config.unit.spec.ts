import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '@vehicle-tracker/service-kit';
import { QUERY_SECRETS, QueryConfig } from './config';

const load = (env: Record<string, string>) =>
  loadConfig(QueryConfig, { DATABASE_URL: 'postgres://x@127.0.0.1/db', ...env }, QUERY_SECRETS);

describe('the query service configuration: operator sign-in', () => {
  it('defaults to sign-in on, 12 h sessions, 10 failures per 15 min, no proxy trusted, no account', () => {
    const config = load({});
    expect(config.OPERATOR_USERNAME).toBeUndefined();
    expect(config.OPERATOR_PASSWORD).toBeUndefined();
    expect(config).toMatchObject({
      OPERATOR_AUTH: 'on',
      OPERATOR_SESSION_TTL: 43_200,
      OPERATOR_LOGIN_MAX_FAILURES: 10,
      OPERATOR_LOGIN_WINDOW: 900,
      TRUST_PROXY: false,
    });
  });

  it('reads the password from OPERATOR_PASSWORD_FILE and lower-cases the username', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-query-config-'));
    try {
      writeFileSync(path.join(dir, 'pw'), 'a-secret-password\n');
      const config = load({ OPERATOR_USERNAME: 'Operator', OPERATOR_PASSWORD_FILE: path.join(dir, 'pw') });
      expect(config).toMatchObject({ OPERATOR_USERNAME: 'operator', OPERATOR_PASSWORD: 'a-secret-password' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a username without a password, a short password, a bad OPERATOR_AUTH, without echoing values', () => {
    expect(() => load({ OPERATOR_USERNAME: 'operator' })).toThrow(/OPERATOR_USERNAME/);
    expect(() => load({ OPERATOR_USERNAME: 'operator', OPERATOR_PASSWORD: 'short-pw' })).toThrow(ConfigError);
    expect(() => load({ OPERATOR_USERNAME: 'operator', OPERATOR_PASSWORD: 'short-pw' })).not.toThrow(
      /short-pw/,
    );
    expect(() => load({ OPERATOR_AUTH: 'maybe' })).toThrow(/OPERATOR_AUTH/);
    expect(() => load({ OPERATOR_SESSION_TTL: '10' })).toThrow(/OPERATOR_SESSION_TTL/);
  });

  it('reads TRUST_PROXY as express does: hops, true, or addresses', () => {
    expect(load({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(load({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(load({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(load({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
  });
});
