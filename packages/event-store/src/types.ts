/** Anything that runs a parameterised query: a pg Pool, PoolClient or Client. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface NewEvent {
  streamId: string;
  type: string;
  data: unknown;
  metadata?: Record<string, unknown>;
  /** Chosen by the caller when it must know the id before the append (e.g. to answer a client); else generated. */
  eventId?: string;
}

export interface AppendedEvent {
  eventId: string;
  globalPosition: number;
  streamId: string;
  /** 1, 2, ... within the stream (appendEvents); null for an event appended without one (appendUnpositioned). */
  streamPosition: number | null;
  transactionId: string;
  recordedAt: Date;
}

export interface StoredEvent extends AppendedEvent {
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/**
 * Where a reader stands in the commit-safe order `(transaction_id, global_position)`. transactionId is an xid8
 * kept as a decimal string, as PostgreSQL sends it.
 */
export interface Checkpoint {
  transactionId: string;
  globalPosition: number;
}

export const START: Checkpoint = { transactionId: '0', globalPosition: 0 };
