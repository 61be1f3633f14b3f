export { migrate, pendingMigrations, MIGRATIONS_DIR, MIGRATIONS_TABLE } from './migrate';
export { createPool, type PoolOptions } from './pool';
export { readSecret } from './secrets';
export { databaseUrlFromEnv } from './database-url';
