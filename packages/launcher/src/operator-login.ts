import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** How operators sign in to the dashboard of `npm start`, and how the query service learns it. */
export interface OperatorLogin {
  username: string;
  /** Where the password is kept (a generated one, or OPERATOR_PASSWORD_FILE); undefined when given inline. */
  passwordFile?: string;
  /** OPERATOR_PASSWORD as given inline (passed on as is). */
  password?: string;
  generated: boolean;
}

function checked(password: string, source: string): string {
  if (password.length < 12 || password.length > 256)
    throw new Error(`${source} must hold 12 to 256 characters (it has ${password.length})`);
  return password;
}

/** The password a file holds, as the services read secrets (one trailing newline dropped). */
const readPassword = (file: string) => readFileSync(file, 'utf8').replace(/\r?\n$/, '');

/**
 * The operator account of the dashboard: OPERATOR_USERNAME (default `operator`) with OPERATOR_PASSWORD or
 * OPERATOR_PASSWORD_FILE, else a password generated on the first start into DATA_DIR/operator-password (mode
 * 600) and kept there. The query service makes sure the account exists with that password at each start.
 */
export function operatorLogin(env: NodeJS.ProcessEnv, dataDir: string): OperatorLogin {
  const username = (env.OPERATOR_USERNAME || 'operator').trim().toLowerCase();
  const inline = env.OPERATOR_PASSWORD;
  const given = env.OPERATOR_PASSWORD_FILE;
  if (inline !== undefined && given !== undefined)
    throw new Error('Set OPERATOR_PASSWORD or OPERATOR_PASSWORD_FILE, not both.');
  if (inline !== undefined)
    return { username, password: checked(inline, 'OPERATOR_PASSWORD'), generated: false };
  if (given !== undefined) {
    const file = path.resolve(given);
    checked(readPassword(file), `OPERATOR_PASSWORD_FILE (${file})`);
    return { username, passwordFile: file, generated: false };
  }
  const file = path.join(dataDir, 'operator-password');
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url') + '\n', { mode: 0o600 });
  checked(readPassword(file), file);
  return { username, passwordFile: file, generated: true };
}

/** The query service's OPERATOR_* settings; the caller drops any inherited OPERATOR_PASSWORD(_FILE) first. */
export function operatorEnv(login: OperatorLogin): Record<string, string> {
  return login.passwordFile
    ? { OPERATOR_USERNAME: login.username, OPERATOR_PASSWORD_FILE: login.passwordFile }
    : { OPERATOR_USERNAME: login.username, OPERATOR_PASSWORD: login.password ?? '' };
}

/** The banner's sign-in line: where, as whom, and where the password is. */
export function signInLine(url: string, login: OperatorLogin, authOff: boolean): string {
  if (authOff) return 'sign-in: off (OPERATOR_AUTH=off): the dashboard is open to anyone who reaches it';
  const where = login.passwordFile
    ? `password in ${login.passwordFile}${login.generated ? ' (generated on the first start)' : ''}`
    : 'password from OPERATOR_PASSWORD';
  return `sign in at ${url}/login as "${login.username}", ${where}`;
}
