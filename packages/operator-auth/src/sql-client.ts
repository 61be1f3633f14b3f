/**
 * Anything that runs a parameterised query (pg Pool, PoolClient, Client). The same shape as service-kit's
 * Queryable, declared here so this package needs nothing but node:crypto.
 */
export interface SqlClient {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}
