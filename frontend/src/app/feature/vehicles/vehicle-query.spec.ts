import { convertToParamMap } from '@angular/router';
import { DEFAULT_QUERY, changeQuery, parseVehicleQuery, toListParams, toQueryParams } from './vehicle-query';

describe('vehicle query (URL state)', () => {
  it('reads a full URL', () => {
    const query = parseVehicleQuery(
      convertToParamMap({
        q: 'abc',
        customerId: 'c1',
        status: 'offline',
        sort: 'lastSeen',
        order: 'desc',
        page: '3',
        pageSize: '100',
        asOf: '2026-11-20T10:00:00Z',
      }),
    );
    expect(query).toEqual({
      q: 'abc',
      customerId: 'c1',
      status: 'offline',
      sort: 'lastSeen',
      order: 'desc',
      page: 3,
      pageSize: 100,
      asOf: '2026-11-20T10:00:00.000Z',
    });
  });

  it('falls back to defaults for missing or nonsense values', () => {
    expect(parseVehicleQuery(convertToParamMap({}))).toEqual(DEFAULT_QUERY);
    expect(
      parseVehicleQuery(
        convertToParamMap({
          status: 'sleeping',
          sort: 'color',
          order: 'up',
          page: '-2',
          pageSize: '7',
          asOf: 'yesterday',
          customerId: '',
        }),
      ),
    ).toEqual(DEFAULT_QUERY);
    expect(parseVehicleQuery(convertToParamMap({ page: '2.5' })).page).toBe(1);
  });

  it('writes only what differs from the defaults', () => {
    expect(toQueryParams(DEFAULT_QUERY)).toEqual({});
    expect(toQueryParams({ ...DEFAULT_QUERY, status: 'online', page: 2 })).toEqual({
      status: 'online',
      page: 2,
    });
  });

  it('round-trips through the URL', () => {
    const query = {
      ...DEFAULT_QUERY,
      q: 'kalle',
      customerId: 'c9',
      sort: 'regNo' as const,
      page: 4,
      pageSize: 25,
    };
    const params = Object.fromEntries(Object.entries(toQueryParams(query)).map(([k, v]) => [k, String(v)]));
    expect(parseVehicleQuery(convertToParamMap(params))).toEqual(query);
  });

  it('goes back to page 1 on any change but paging', () => {
    const on3 = { ...DEFAULT_QUERY, page: 3 };
    expect(changeQuery(on3, { status: 'online' }).page).toBe(1);
    expect(changeQuery(on3, { sort: 'regNo', order: 'desc' }).page).toBe(1);
    expect(changeQuery(on3, { asOf: '2026-11-20T10:00:00.000Z' }).page).toBe(1);
    expect(changeQuery(on3, { page: 4 }).page).toBe(4);
    expect(changeQuery(on3, { page: 2, pageSize: 100 })).toEqual({ ...on3, page: 2, pageSize: 100 });
  });

  it('turns into API parameters, "all" and blanks left out, search trimmed', () => {
    expect(toListParams({ ...DEFAULT_QUERY, q: '  abc ' })).toEqual({
      q: 'abc',
      customerId: undefined,
      status: undefined,
      sort: 'vin',
      order: 'asc',
      page: 1,
      pageSize: 50,
      asOf: undefined,
    });
    expect(toListParams({ ...DEFAULT_QUERY, q: '   ', status: 'online' }).q).toBeUndefined();
    expect(toListParams({ ...DEFAULT_QUERY, status: 'online' }).status).toBe('online');
  });
});
