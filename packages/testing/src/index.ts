export { createTestDatabase, TEST_ADMIN_URL_ENV, TEST_TEMPLATE_DB, type TestDatabase } from './test-database';
