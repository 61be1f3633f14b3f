import type { Queryable } from '@vehicle-tracker/service-kit';

/**
 * A write built ahead of its transaction. Its parameters are final when it is built (strings and numbers only),
 * so the runner may fold the next batch, mutating the same cached rows, while this one is still being written.
 */
export interface Statement {
  text: string;
  values: unknown[];
}

/** Runs statements one after the other on `db` (the caller's transaction). */
export async function runStatements(db: Queryable, statements: readonly Statement[]): Promise<void> {
  for (const s of statements) await db.query(s.text, s.values);
}
