import type { Queryable } from '@vehicle-tracker/service-kit';
import { asciiRun, headPattern, needleOf } from '../domain/search-text';
import { resolveSearch, type ResolvedSearch } from '../domain/text-search';
import { customerTallies } from './customer-tallies';
import { headMatches } from './head-matches';
import type { VehicleFilter } from './vehicle-filter';

/** More head matches than this (a needle common in VINs or plates): the plain search_text scan is as good. */
const MAX_HEAD_MATCHES = 1_000;

const plans = new WeakMap<VehicleFilter, Promise<ResolvedSearch | null>>();

/**
 * How to answer the text filter without scanning search_text for it: the customers whose name matches (their
 * counters count them) and the few vehicles matched by VIN or registration number. Null when that does not apply
 * (no text filter, a needle no trigram index serves, too many head matches): then `search_text LIKE` it is.
 *
 * The route hands the same filter object to the page and to the counts, which run in parallel: the plan is made
 * once per filter object and shared.
 */
export function textSearchPlan(db: Queryable, filter: VehicleFilter): Promise<ResolvedSearch | null> {
  let plan = plans.get(filter);
  if (!plan) {
    plan = makePlan(db, filter);
    plans.set(filter, plan);
  }
  return plan;
}

async function makePlan(db: Queryable, filter: VehicleFilter): Promise<ResolvedSearch | null> {
  if (filter.pattern === undefined) return null;
  const needle = needleOf(filter.pattern);
  const head = headPattern(needle);
  if (head === null) return null;
  const [customers, matches] = await Promise.all([
    customerTallies(db, asciiRun(needle)),
    headMatches(db, {
      headPattern: head,
      needle,
      customerId: filter.customerId,
      limit: MAX_HEAD_MATCHES + 1,
    }),
  ]);
  if (matches.length > MAX_HEAD_MATCHES) return null;
  return resolveSearch(needle, customers, matches, filter.customerId);
}
