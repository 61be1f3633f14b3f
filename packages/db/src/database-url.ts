import { readSecret } from './secrets';

/** DATABASE_URL, or DATABASE_URL_FILE (Docker secret); undefined when neither is set. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return readSecret(env, 'DATABASE_URL') || undefined;
}
