import type { Queryable } from '@vehicle-tracker/service-kit';
import { FOLDS_TO_ASCII } from '../domain/search-text';
import type { CustomerTally } from '../domain/text-search';

const FOLD_FROM = Object.keys(FOLDS_TO_ASCII).join('');
const FOLD_TO = Object.values(FOLDS_TO_ASCII).join('');

/**
 * Customers' names with the projector's counters of their live vehicles: every customer, or with `asciiRun` only
 * those whose name can contain it once folded (see asciiRun; lower() under COLLATE "C" lower-cases ASCII only,
 * whatever the database's collation). A superset: the caller matches the folded names itself.
 */
export async function customerTallies(db: Queryable, asciiRun: string | null): Promise<CustomerTally[]> {
  const { rows } = await db.query<{
    customer_id: string;
    name: string;
    vehicle_count: number;
    online_count: number;
  }>(
    `SELECT customer_id, name, vehicle_count, online_count FROM rm.customers
      ${asciiRun === null ? '' : 'WHERE strpos(lower(translate(name, $1, $2) COLLATE "C"), $3) > 0'}`,
    asciiRun === null ? [] : [FOLD_FROM, FOLD_TO, asciiRun],
  );
  return rows.map((r) => ({
    id: r.customer_id,
    name: r.name,
    vehicleCount: r.vehicle_count,
    online: r.online_count,
  }));
}
