import { countsEvent } from './stream-counts';

describe('countsEvent', () => {
  const customers = [
    { id: 'a', online: 1, offline: 2, vehicleCount: 3 },
    { id: 'b', online: 4, offline: 0, vehicleCount: 4 },
  ];
  it('sums the whole fleet', () => {
    expect(countsEvent(customers)).toEqual({ online: 5, offline: 2, total: 7, customers });
  });
  it('is one customer alone when filtered', () => {
    expect(countsEvent(customers, 'b')).toEqual({
      online: 4,
      offline: 0,
      total: 4,
      customers: [customers[1]],
    });
    expect(countsEvent(customers, 'x')).toEqual({ online: 0, offline: 0, total: 0, customers: [] });
  });
});
