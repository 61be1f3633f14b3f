import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { operatorEnv, operatorLogin, signInLine } from './operator-login';

describe('the operator login of npm start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vt-launcher-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a password once into DATA_DIR/operator-password (mode 600) and keeps it', () => {
    const first = operatorLogin({}, dir);
    const file = path.join(dir, 'operator-password');
    expect(first).toEqual({ username: 'operator', passwordFile: file, generated: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8');
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}\n$/);
    expect(operatorLogin({}, dir)).toEqual(first);
    expect(readFileSync(file, 'utf8')).toBe(password);
    expect(operatorEnv(first)).toEqual({ OPERATOR_USERNAME: 'operator', OPERATOR_PASSWORD_FILE: file });
  });

  it('takes OPERATOR_PASSWORD as given, and generates nothing', () => {
    const login = operatorLogin({ OPERATOR_PASSWORD: 'e2e-password-123' }, dir);
    expect(login).toEqual({ username: 'operator', password: 'e2e-password-123', generated: false });
    expect(operatorEnv(login)).toEqual({
      OPERATOR_USERNAME: 'operator',
      OPERATOR_PASSWORD: 'e2e-password-123',
    });
    expect(() => statSync(path.join(dir, 'operator-password'))).toThrow();
  });

  it('takes OPERATOR_PASSWORD_FILE and OPERATOR_USERNAME', () => {
    const file = path.join(dir, 'secret');
    writeFileSync(file, 'from-a-file-password\n');
    const login = operatorLogin({ OPERATOR_PASSWORD_FILE: file, OPERATOR_USERNAME: 'Alice' }, dir);
    expect(login).toEqual({ username: 'alice', passwordFile: file, generated: false });
  });

  it('refuses a password outside 12..256 characters, and both forms at once', () => {
    expect(() => operatorLogin({ OPERATOR_PASSWORD: 'short' }, dir)).toThrow(/12 to 256/);
    expect(() =>
      operatorLogin({ OPERATOR_PASSWORD: 'a-long-password', OPERATOR_PASSWORD_FILE: 'x' }, dir),
    ).toThrow(/not both/);
  });

  it('says how to sign in', () => {
    const login = operatorLogin({}, dir);
    expect(signInLine('http://127.0.0.1:8080', login, false)).toBe(
      `sign in at http://127.0.0.1:8080/login as "operator", password in ${path.join(dir, 'operator-password')} (generated on the first start)`,
    );
    expect(signInLine('http://x', login, true)).toMatch(/OPERATOR_AUTH=off/);
  });
});
