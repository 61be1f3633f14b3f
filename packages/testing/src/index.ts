export { createTestDatabase, type TestDatabase } from './test-database';
export { TEST_ADMIN_URL_ENV, TEST_TEMPLATE_DB } from './constants';
