import { MAX_HISTORY_DAYS, type HistoryQuery } from '@vehicle-tracker/contracts';
import { badRequest } from '@vehicle-tracker/service-kit';
import type { TimeRange } from './history';

const DAY_MS = 86_400_000;

function invalid(param: 'from' | 'to', message: string) {
  return badRequest(`query.${param}: ${message}`, { errors: [{ path: `query.${param}`, message }] });
}

/** from/to with their defaults (the 24 hours up to now), checked: from before to, at most MAX_HISTORY_DAYS. */
export function resolveHistoryRange(query: HistoryQuery, now: Date): TimeRange {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
  if (from.getTime() >= to.getTime()) throw invalid('from', 'must be before to');
  if (to.getTime() - from.getTime() > MAX_HISTORY_DAYS * DAY_MS)
    throw invalid('to', `the range may span at most ${MAX_HISTORY_DAYS} days`);
  return { from, to };
}
