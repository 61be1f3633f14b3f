/** Set by the jest global setup: superuser URL of the test cluster, and the migrated template every file clones. */
export const TEST_ADMIN_URL_ENV = 'VT_TEST_ADMIN_URL';
export const TEST_TEMPLATE_DB = 'vt_template';
