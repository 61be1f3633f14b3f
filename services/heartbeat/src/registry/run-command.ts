import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { StreamConflictError, type AppendedEvent } from '@vehicle-tracker/event-store';
import { conflict } from '@vehicle-tracker/service-kit';
import { appendRegistryEvents } from '../db/append-registry';
import type { Decision } from '../domain/registry';

/** Where commands write, and how this replica forgets credentials it changed (other replicas hear NOTIFY). */
export interface RegistryDeps {
  pool: Pool;
  invalidate: (key: string) => void;
}

export interface CommandContext {
  correlationId: string;
  source: 'admin-api' | 'import';
}

export interface Attempt<T> {
  decision: Decision;
  answer: (appended: AppendedEvent[]) => T | Promise<T>;
}

const ATTEMPTS = 3;

const isRace = (err: unknown) =>
  err instanceof StreamConflictError || (err as { code?: string } | undefined)?.code === '23505';

/**
 * Load, decide, append with the positions decided on. A race (another command moved the stream since the load,
 * or a concurrent create took the name; heartbeats take no stream position, so they never do) is retried on fresh
 * state, so the decision is always made on what is current: a duplicate create then fails in the domain with
 * 409. After a few lost races: 409.
 */
export async function runCommand<T>(
  deps: RegistryDeps,
  ctx: CommandContext,
  attempt: () => Promise<Attempt<T>>,
): Promise<T> {
  for (let i = 1; ; i++) {
    const { decision, answer } = await attempt();
    if (decision.events.length === 0) return answer([]);
    try {
      const events = decision.events.map((e) => ({ ...e, eventId: randomUUID() }));
      const metadata = { correlationId: ctx.correlationId, source: ctx.source, schemaVersion: 1 };
      const appended = await appendRegistryEvents(deps.pool, events, decision.expected, metadata);
      for (const key of credentialKeys(decision)) deps.invalidate(key);
      return await answer(appended);
    } catch (err) {
      if (!isRace(err)) throw err;
      if (i >= ATTEMPTS) throw conflict('the record was changed concurrently; retry');
    }
  }
}

/** Several decisions committed together (an import: a customer and its vehicles). */
export function combine(decisions: Decision[]): Decision {
  return {
    events: decisions.flatMap((d) => d.events),
    expected: Object.assign({}, ...decisions.map((d) => d.expected)) as Record<string, number>,
  };
}

/** Cache keys of the credentials a decision touches ('vehicle:<VIN>', 'gateway:<id>'). */
function credentialKeys(decision: Decision): string[] {
  return decision.events.flatMap((e) =>
    'vin' in e.data
      ? [`vehicle:${e.data.vin}`]
      : 'gatewayId' in e.data
        ? [`gateway:${e.data.gatewayId}`]
        : [],
  );
}
