import type { SortOrder, StatusFilter, VehicleSort } from '@vehicle-tracker/contracts';

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

/** The status filter on a column: `offline` means every vehicle not online (never-seen included). */
export function statusCondition(status: StatusFilter | undefined, column: string): string[] {
  if (status === undefined) return [];
  return [status === 'online' ? `${column} = 'online'` : `${column} <> 'online'`];
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
