import type { SortOrder, StatusFilter, VehicleSort } from '@vehicle-tracker/contracts';
import type { ResolvedSearch } from '../domain/text-search';

/** The filters of a fleet query, already normalised (pattern is a LIKE pattern over search_text). */
export interface VehicleFilter {
  pattern?: string;
  customerId?: string;
  status?: StatusFilter;
}

export interface PageRequest {
  sort: VehicleSort;
  order: SortOrder;
  limit: number;
  offset: number;
}

/** Conditions for every filter but status, on rm.vehicles aliased `v`; pushes their parameters onto `params`. */
export function filterConditions(filter: VehicleFilter, params: unknown[]): string[] {
  const conditions: string[] = [];
  if (filter.pattern !== undefined) {
    params.push(filter.pattern);
    conditions.push(`v.search_text LIKE $${params.length}`);
  }
  if (filter.customerId !== undefined) {
    params.push(filter.customerId);
    conditions.push(`v.customer_id = $${params.length}`);
  }
  return conditions;
}

/**
 * Conditions for a resolved text search (see textSearchPlan) and every other filter but status, on rm.vehicles
 * aliased `v`: the named customers' vehicles or the single vehicles. Null when nothing can match.
 */
export function resolvedConditions(
  search: ResolvedSearch,
  filter: VehicleFilter,
  params: unknown[],
): string[] | null {
  const alternatives: string[] = [];
  if (search.customerIds.length > 0) {
    params.push(search.customerIds);
    alternatives.push(`v.customer_id = ANY($${params.length}::uuid[])`);
  }
  if (search.vins.length > 0) {
    params.push(search.vins);
    alternatives.push(`v.vin = ANY($${params.length}::text[])`);
  }
  if (alternatives.length === 0) return null;
  const others = filterConditions({ customerId: filter.customerId }, params);
  return [alternatives.length > 1 ? `(${alternatives.join(' OR ')})` : alternatives.join(''), ...others];
}

/**
 * The status filter on a column: `offline` means every vehicle not online (never-seen included). Spelled as the two
 * other values (the column's CHECK allows no more) rather than `<> 'online'`, so that an index on (customer_id,
 * status) can select those entries before any row is read.
 */
export function statusCondition(status: StatusFilter | undefined, column: string): string[] {
  if (status === undefined) return [];
  return [status === 'online' ? `${column} = 'online'` : `${column} IN ('offline', 'never-seen')`];
}

/**
 * ORDER BY for a page. Ties are broken by VIN in the same direction, so the (column, vin) indexes serve both
 * directions. PostgreSQL's default null placement applies (never-seen vehicles last ascending, first descending).
 */
export function orderBy(page: PageRequest, columns: Record<VehicleSort, string | null>, vin: string): string {
  const dir = page.order === 'desc' ? 'DESC' : 'ASC';
  const column = columns[page.sort];
  return column === null || column === vin ? `${vin} ${dir}` : `${column} ${dir}, ${vin} ${dir}`;
}
