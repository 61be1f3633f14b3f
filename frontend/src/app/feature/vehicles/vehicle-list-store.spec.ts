import { TestBed } from '@angular/core/testing';
import { BehaviorSubject, of } from 'rxjs';
import { ApiError } from '../../api/api-error';
import { CustomersApi } from '../../api/customers-api';
import { VehiclesApi } from '../../api/vehicles-api';
import { FakeVehiclesApi } from '../../../testing/fake-vehicles-api';
import { FakeFleetStream, provideFakeStream } from '../../../testing/fakes';
import { CUSTOMERS, JOHANS, KALLES, VEHICLES, ago, pageOf } from '../../../testing/fleet-fixtures';
import { SEARCH_COUNTS_RELOAD_MS, VehicleListStore } from './vehicle-list-store';
import { DEFAULT_QUERY, VehicleQuery } from './vehicle-query';
import { VehicleQueryState } from './vehicle-query-state';

describe('VehicleListStore', () => {
  let api: FakeVehiclesApi;
  let stream: FakeFleetStream;
  let query$: BehaviorSubject<VehicleQuery>;
  let store: VehicleListStore;
  const [abc, def] = VEHICLES;

  function setUp(query: Partial<VehicleQuery> = {}) {
    api = new FakeVehiclesApi();
    stream = new FakeFleetStream();
    query$ = new BehaviorSubject<VehicleQuery>({ ...DEFAULT_QUERY, ...query });
    TestBed.configureTestingModule({
      providers: [
        VehicleListStore,
        { provide: VehicleQueryState, useValue: { query$ } },
        { provide: VehiclesApi, useValue: api },
        { provide: CustomersApi, useValue: { list: () => of(CUSTOMERS) } },
        provideFakeStream(stream),
      ],
    });
    store = TestBed.inject(VehicleListStore);
  }

  const row = (vin: string) => store.rows().find((r) => r.vin === vin);
  const status = (vin: string, value: 'online' | 'offline', at: string, lastSeenAt: string | null = null) =>
    stream.events.next({
      type: 'status',
      data: { vin, customerId: KALLES.id, status: value, at, lastSeenAt },
    });
  const counts = (online: number, total: number) =>
    stream.events.next({
      type: 'counts',
      data: {
        online,
        offline: total - online,
        total,
        customers: [{ id: KALLES.id, online: 1, offline: 2, vehicleCount: 3 }],
      },
    });

  it('loads the query, showing loading until the answer', () => {
    setUp({ status: 'online', page: 2 });
    expect(store.loading()).toBeTrue();
    expect(api.last.params).toEqual(jasmine.objectContaining({ status: 'online', page: 2, pageSize: 50 }));

    api.respond(pageOf());
    expect(store.loading()).toBeFalse();
    expect(store.rows().length).toBe(7);
    expect(store.total()).toBe(7);
    expect(store.counts()).toEqual({ online: 4, offline: 3, total: 7 });
    expect(store.customers()).toEqual(CUSTOMERS);
  });

  it('cancels a load that a newer query overtakes', () => {
    setUp();
    const first = api.last;
    query$.next({ ...DEFAULT_QUERY, q: 'abc' });
    expect(first.response.observed).toBeFalse();
    expect(api.last.params.q).toBe('abc');
  });

  it('shows an error, and loads again on retry', () => {
    setUp();
    api.fail(new ApiError(503, 'The database is down.'));
    expect(store.error()).toBe('The database is down.');
    expect(store.loading()).toBeFalse();
    expect(store.rows()).toEqual([]);

    store.retry();
    expect(store.loading()).toBeTrue();
    expect(store.error()).toBeNull();
    api.respond(pageOf());
    expect(store.rows().length).toBe(7);
  });

  it('applies live status changes and heartbeats to the rows on the page', () => {
    setUp();
    api.respond(pageOf());
    status(abc.vin, 'offline', ago(1), ago(400));
    expect(row(abc.vin)).toEqual(
      jasmine.objectContaining({ status: 'offline', statusSince: ago(1), lastSeenAt: ago(400) }),
    );

    stream.events.next({ type: 'heartbeat', data: { vin: def.vin, at: ago(0) } });
    expect(row(def.vin)?.lastSeenAt).toBe(ago(0));
    // Not on the page: nothing to do, nothing breaks.
    status('NOT-ON-THIS-PAGE', 'online', ago(0));
    expect(store.rows().length).toBe(7);
  });

  it('ignores events older than what was loaded (a replay after resuming)', () => {
    setUp();
    api.respond(pageOf());
    status(abc.vin, 'offline', ago(7_200));
    expect(row(abc.vin)?.status).toBe('online');
    stream.events.next({ type: 'heartbeat', data: { vin: abc.vin, at: ago(100) } });
    expect(row(abc.vin)?.lastSeenAt).toBe(abc.lastSeenAt);
  });

  it('marks a row a live change took out of the status filter', () => {
    setUp({ status: 'online' });
    api.respond(pageOf(VEHICLES.filter((v) => v.status === 'online')));
    status(abc.vin, 'offline', ago(0));
    expect(row(abc.vin)?.outOfFilter).toBeTrue();
    expect(row(def.vin)?.outOfFilter).toBeFalsy();
  });

  it('takes counts from counts events: fleet-wide, per customer, and as the status filter pages', () => {
    setUp();
    api.respond(pageOf());
    counts(5, 8);
    expect(store.counts()).toEqual({ online: 5, offline: 3, total: 8 });
    expect(store.total()).toBe(8);

    query$.next({ ...DEFAULT_QUERY, customerId: KALLES.id, status: 'offline' });
    api.respond(pageOf(VEHICLES.slice(2, 3)));
    counts(5, 8);
    expect(store.counts()).toEqual({ online: 1, offline: 2, total: 3 });
    expect(store.total()).toBe(2);

    // A customer the event does not list: leave the loaded counts alone.
    query$.next({ ...DEFAULT_QUERY, customerId: JOHANS.id });
    api.respond(pageOf(VEHICLES.slice(3, 5)));
    counts(5, 8);
    expect(store.counts()).toEqual({ online: 1, offline: 1, total: 2 });
  });

  it('reloads a search quietly, at most every few seconds, since its counts cannot be derived', () => {
    jasmine.clock().install();
    try {
      setUp({ q: 'kalles' });
      api.respond(pageOf(VEHICLES.slice(0, 3)));
      counts(5, 8);
      expect(store.counts()?.total).toBe(3);

      status(abc.vin, 'offline', ago(0));
      status(def.vin, 'offline', ago(0));
      expect(api.calls.length).toBe(1);
      jasmine.clock().tick(SEARCH_COUNTS_RELOAD_MS);
      expect(api.calls.length).toBe(2);
      expect(store.loading()).toBeFalse(); // quiet: no spinner over live rows
    } finally {
      jasmine.clock().uninstall();
    }
  });

  it('reloads quietly after the stream reopens, keeping the rows if that fails', () => {
    setUp();
    api.respond(pageOf());
    stream.events.next({ type: 'reopened' });
    expect(api.calls.length).toBe(2);
    api.fail(new ApiError(0, 'unreachable'));
    expect(store.rows().length).toBe(7);
    expect(store.error()).toBeNull();
  });

  it('does not listen at all in a historical view', () => {
    setUp({ asOf: '2026-11-19T08:00:00.000Z' });
    expect(stream.listening).toBeFalse();
    expect(api.last.params.asOf).toBe('2026-11-19T08:00:00.000Z');
    api.respond(pageOf(VEHICLES, { asOf: '2026-11-19T08:00:00.000Z' }));
    expect(store.asOf()).toBe('2026-11-19T08:00:00.000Z');

    query$.next({ ...DEFAULT_QUERY });
    expect(stream.listening).toBeTrue();
  });
});
