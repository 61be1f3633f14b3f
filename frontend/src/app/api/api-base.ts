/** Same origin in every deployment: the web server proxies /api to the query service, so no CORS. */
export const API_BASE = '/api/v1';
