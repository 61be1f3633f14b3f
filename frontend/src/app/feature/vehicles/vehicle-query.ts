import { ParamMap, Params } from '@angular/router';
import { SortOrder, StatusFilter, VehicleListParams, VehicleSortField } from '../../api/api-types';

/** Everything that decides what the vehicle list shows; it lives in the URL's query parameters. */
export interface VehicleQuery {
  q: string;
  customerId: string | null;
  status: StatusFilter | 'all';
  sort: VehicleSortField;
  order: SortOrder;
  /** 1-based, as in the API. */
  page: number;
  pageSize: number;
  /** ISO instant of a historical view, null when live. */
  asOf: string | null;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
const SORT_FIELDS: readonly VehicleSortField[] = ['vin', 'regNo', 'customer', 'status', 'lastSeen'];

export const DEFAULT_QUERY: VehicleQuery = {
  q: '',
  customerId: null,
  status: 'all',
  sort: 'vin',
  order: 'asc',
  page: 1,
  pageSize: 50,
  asOf: null,
};

/** Reads a URL leniently: a hand-edited or stale link falls back to defaults instead of failing. */
export function parseVehicleQuery(params: ParamMap): VehicleQuery {
  const status = params.get('status');
  const sort = params.get('sort') as VehicleSortField | null;
  const order = params.get('order');
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  const asOf = params.get('asOf');
  return {
    // Not trimmed: the search box shows this back while the user is still typing.
    q: params.get('q') ?? '',
    customerId: params.get('customerId') || null,
    status: status === 'online' || status === 'offline' ? status : 'all',
    sort: sort && SORT_FIELDS.includes(sort) ? sort : DEFAULT_QUERY.sort,
    order: order === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_QUERY.pageSize,
    asOf: asOf && !Number.isNaN(Date.parse(asOf)) ? new Date(asOf).toISOString() : null,
  };
}

/** Only what differs from the defaults, so a plain /vehicles stays plain and links stay short. */
export function toQueryParams(query: VehicleQuery): Params {
  const params: Params = {};
  for (const key of Object.keys(DEFAULT_QUERY) as (keyof VehicleQuery)[]) {
    if (query[key] !== DEFAULT_QUERY[key]) params[key] = query[key];
  }
  return params;
}

/** Applies a change; a change that does not name the page starts again at page 1. */
export function changeQuery(query: VehicleQuery, change: Partial<VehicleQuery>): VehicleQuery {
  return { ...query, page: 1, ...change };
}

export function toListParams(query: VehicleQuery): VehicleListParams {
  return {
    q: query.q.trim() || undefined,
    customerId: query.customerId ?? undefined,
    status: query.status === 'all' ? undefined : query.status,
    sort: query.sort,
    order: query.order,
    page: query.page,
    pageSize: query.pageSize,
    asOf: query.asOf ?? undefined,
  };
}

export function sameQuery(a: VehicleQuery, b: VehicleQuery): boolean {
  return (Object.keys(DEFAULT_QUERY) as (keyof VehicleQuery)[]).every((key) => a[key] === b[key]);
}
