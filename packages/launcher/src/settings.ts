import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSecret } from '@vehicle-tracker/db';
import { operatorLogin, type OperatorLogin } from './operator-login';

export interface Settings {
  root: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  adminToken: string;
  adminTokenGenerated: boolean;
  offlineAfter: number;
  heartbeatAuth: 'on' | 'off';
  /** OPERATOR_AUTH: whether the dashboard asks operators to sign in. */
  operatorAuth: 'on' | 'off';
  operator: OperatorLogin;
  seedFleet: boolean;
  simulator: boolean;
  logLevel: string;
}

const onOff = (value: string | undefined, name: string, fallback: boolean): boolean => {
  if (value === undefined || value === '') return fallback;
  if (['on', 'true', '1'].includes(value)) return true;
  if (['off', 'false', '0'].includes(value)) return false;
  throw new Error(`${name} must be on or off, not ${JSON.stringify(value)}`);
};

/** The admin token: ADMIN_TOKEN(_FILE), else one generated on the first start and kept in DATA_DIR. */
function adminToken(env: NodeJS.ProcessEnv, dataDir: string): { token: string; generated: boolean } {
  const given = readSecret(env, 'ADMIN_TOKEN');
  if (given) return { token: given, generated: false };
  const file = path.join(dataDir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), generated: true };
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return { token, generated: true };
}

/** Reads and checks the launcher's environment once; a bad value stops the start with its name. */
export function readSettings(env: NodeJS.ProcessEnv, root: string): Settings {
  const dataDir = path.resolve(root, env.DATA_DIR || '.data');
  mkdirSync(dataDir, { recursive: true });
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const offlineAfter = Number(env.OFFLINE_AFTER ?? 60);
  if (!Number.isInteger(offlineAfter) || offlineAfter < 1)
    throw new Error('OFFLINE_AFTER must be whole seconds >= 1');
  const auth = env.HEARTBEAT_AUTH ?? 'on';
  if (auth !== 'on' && auth !== 'off') throw new Error('HEARTBEAT_AUTH must be on or off');
  const operatorAuth = env.OPERATOR_AUTH ?? 'on';
  if (operatorAuth !== 'on' && operatorAuth !== 'off') throw new Error('OPERATOR_AUTH must be on or off');
  const { token, generated } = adminToken(env, dataDir);
  return {
    root,
    port,
    dataDir,
    databaseUrl: readSecret(env, 'DATABASE_URL') || undefined,
    adminToken: token,
    adminTokenGenerated: generated,
    offlineAfter,
    heartbeatAuth: auth,
    operatorAuth,
    operator: operatorLogin(env, dataDir),
    seedFleet: onOff(env.SEED_FLEET, 'SEED_FLEET', true),
    simulator: onOff(env.SIMULATOR, 'SIMULATOR', true),
    logLevel: env.LOG_LEVEL ?? 'warn',
  };
}
