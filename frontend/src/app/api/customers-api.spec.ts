import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { CUSTOMERS, KALLES } from '../../testing/fleet-fixtures';
import { FakeFleetStream, provideFakeStream } from '../../testing/fakes';
import { CustomerSummary } from './api-types';
import { CustomersApi } from './customers-api';

describe('CustomersApi', () => {
  let api: CustomersApi;
  let backend: HttpTestingController;
  let stream: FakeFleetStream;

  beforeEach(() => {
    stream = new FakeFleetStream();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideFakeStream(stream)],
    });
    api = TestBed.inject(CustomersApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('lists customers with their counts', () => {
    let seen: CustomerSummary[] = [];
    api.list().subscribe((items) => (seen = items));
    backend.expectOne('/api/v1/customers').flush({ items: CUSTOMERS });
    expect(seen.map((c) => c.name)).toEqual(CUSTOMERS.map((c) => c.name));
  });

  it('watch keeps the counts current from counts events', () => {
    const seen: CustomerSummary[][] = [];
    const subscription = api.watch().subscribe((items) => seen.push(items));
    backend.expectOne('/api/v1/customers').flush({ items: CUSTOMERS });
    expect(seen.length).toBe(1);

    stream.events.next({
      type: 'counts',
      data: {
        online: 5,
        offline: 2,
        total: 7,
        customers: [{ id: KALLES.id, online: 3, offline: 1, vehicleCount: 4 }],
      },
    });
    const kalles = seen[1].find((c) => c.id === KALLES.id);
    expect(kalles).toEqual(
      jasmine.objectContaining({ vehicleCount: 4, online: 3, offline: 1, name: KALLES.name }),
    );
    // Customers the event does not mention keep what they had.
    expect(seen[1].filter((c) => c.id !== KALLES.id)).toEqual(CUSTOMERS.filter((c) => c.id !== KALLES.id));

    subscription.unsubscribe();
    expect(stream.listening).toBeFalse();
  });
});
