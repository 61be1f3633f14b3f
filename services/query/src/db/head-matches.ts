import type { Queryable } from '@vehicle-tracker/service-kit';
import type { HeadMatch } from '../domain/text-search';

/**
 * The head of search_text without the customer name ('vin regno'), as indexed by vehicles_vin_reg_search
 * (migration 0008): the planner uses that index only for this very expression. Where vin and reg_no are ASCII the
 * head is cut by their lengths; otherwise it is the whole search_text, which contains the head.
 */
const HEAD = `CASE WHEN octet_length(v.vin || v.reg_no) = length(v.vin || v.reg_no)
  THEN left(v.search_text, length(v.vin) + 1 + length(v.reg_no)) ELSE v.search_text END`;

/**
 * Live vehicles whose head is LIKE `headPattern` and whose search text contains `needle`, at most `limit`
 * (optionally one customer's). The containment is tested with strpos, which no index serves, so the planner cannot
 * intersect with vehicles_search and read its long posting lists.
 */
export async function headMatches(
  db: Queryable,
  args: { headPattern: string; needle: string; customerId?: string; limit: number },
): Promise<HeadMatch[]> {
  const params: unknown[] = [args.headPattern, args.needle, args.limit];
  if (args.customerId !== undefined) params.push(args.customerId);
  const { rows } = await db.query<{ vin: string; customer_id: string; status: HeadMatch['status'] }>(
    `SELECT v.vin, v.customer_id, v.status FROM rm.vehicles v
      WHERE v.retired_at IS NULL AND (${HEAD}) LIKE $1 AND strpos(v.search_text, $2) > 0
        ${args.customerId === undefined ? '' : 'AND v.customer_id = $4'}
      LIMIT $3`,
    params,
  );
  return rows.map((r) => ({ vin: r.vin, customerId: r.customer_id, status: r.status }));
}
