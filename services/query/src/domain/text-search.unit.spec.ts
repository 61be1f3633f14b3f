import { resolveSearch, type CustomerTally, type HeadMatch } from './text-search';

describe('resolveSearch', () => {
  const customers: CustomerTally[] = [
    { id: 'c1', name: 'Åsas Åkeri AB', vehicleCount: 3, online: 2 },
    { id: 'c2', name: 'Kalles Bulk AB', vehicleCount: 5, online: 1 },
    { id: 'c3', name: 'A\u030aSAS ÅKERI SYD AB', vehicleCount: 4, online: 4 },
  ];

  it('takes whole customers whose folded name contains the needle, counted by their counters', () => {
    expect(resolveSearch('åsas åkeri', customers, [])).toEqual({
      customerIds: ['c1', 'c3'],
      vins: [],
      counts: { online: 6, offline: 1, total: 7 },
    });
  });

  it('adds the head matches of other customers one by one, and not those of named customers again', () => {
    const matches: HeadMatch[] = [
      { vin: 'V1', customerId: 'c2', status: 'online' },
      { vin: 'V2', customerId: 'c2', status: 'never-seen' },
      { vin: 'V3', customerId: 'c1', status: 'online' },
    ];
    expect(resolveSearch('åsas', customers, matches)).toEqual({
      customerIds: ['c1', 'c3'],
      vins: ['V1', 'V2'],
      counts: { online: 7, offline: 2, total: 9 },
    });
  });

  it('keeps to the customer filter', () => {
    expect(resolveSearch('åkeri', customers, [], 'c3')).toEqual({
      customerIds: ['c3'],
      vins: [],
      counts: { online: 4, offline: 0, total: 4 },
    });
    expect(resolveSearch('bulk', customers, [], 'c3').counts).toEqual({ online: 0, offline: 0, total: 0 });
  });
});
