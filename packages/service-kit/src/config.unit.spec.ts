import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { BaseEnv, ConfigError, loadConfig, OfflineAfter } from './config';

const Schema = BaseEnv.extend({ OFFLINE_AFTER: OfflineAfter, ADMIN_TOKEN: z.string().min(16) });

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const c = loadConfig(Schema, { DATABASE_URL: 'postgres://x', ADMIN_TOKEN: 'a'.repeat(16) }, [
      'DATABASE_URL',
      'ADMIN_TOKEN',
    ]);
    expect(c.PORT).toBe(8080);
    expect(c.OFFLINE_AFTER).toBe(60);
    expect(c.MIGRATE_ON_START).toBe(true);
  });
  it('reads a secret from NAME_FILE', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-cfg-'));
    writeFileSync(path.join(dir, 'token'), 'b'.repeat(20) + '\n');
    const c = loadConfig(
      Schema,
      { DATABASE_URL: 'postgres://x', ADMIN_TOKEN_FILE: path.join(dir, 'token') },
      ['DATABASE_URL', 'ADMIN_TOKEN'],
    );
    expect(c.ADMIN_TOKEN).toBe('b'.repeat(20));
  });
  it('names every bad key without echoing values', () => {
    const attempt = () =>
      loadConfig(Schema, { PORT: 'http', OFFLINE_AFTER: '0', ADMIN_TOKEN: 'short-secret' }, [
        'DATABASE_URL',
        'ADMIN_TOKEN',
      ]);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/OFFLINE_AFTER/);
    expect(attempt).toThrow(/DATABASE_URL/);
    expect(attempt).not.toThrow(/short-secret/);
  });
  it('refuses NAME and NAME_FILE together', () => {
    expect(() => loadConfig(Schema, { DATABASE_URL: 'x', DATABASE_URL_FILE: '/nope' })).toThrow(/not both/);
  });
});
