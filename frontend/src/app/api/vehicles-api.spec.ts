import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { pageOf } from '../../testing/fleet-fixtures';
import { VehiclesApi } from './vehicles-api';

describe('VehiclesApi', () => {
  let api: VehiclesApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(VehiclesApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('lists with every given filter, sort, page and as-of', async () => {
    const result = firstValueFrom(
      api.list({
        q: 'abc',
        customerId: 'c1',
        status: 'offline',
        sort: 'lastSeen',
        order: 'desc',
        page: 3,
        pageSize: 100,
        asOf: '2026-11-20T10:00:00.000Z',
      }),
    );
    const request = backend.expectOne((r) => r.url === '/api/v1/vehicles');
    expect(request.request.method).toBe('GET');
    expect(request.request.params.toString()).toBe(
      'page=3&pageSize=100&q=abc&customerId=c1&status=offline&sort=lastSeen&order=desc&asOf=2026-11-20T10:00:00.000Z',
    );
    request.flush(pageOf());
    expect((await result).total).toBe(7);
  });

  it('leaves out filters that are not set', () => {
    api.list({ page: 1, pageSize: 50, q: '' }).subscribe();
    const request = backend.expectOne((r) => r.url === '/api/v1/vehicles');
    expect(request.request.params.keys()).toEqual(['page', 'pageSize']);
    request.flush(pageOf());
  });

  it('gets one vehicle and its history, VIN escaped and range in ISO', () => {
    api.get('A/B').subscribe();
    backend.expectOne('/api/v1/vehicles/A%2FB').flush({});

    const from = new Date('2026-11-19T12:00:00.000Z');
    const to = new Date('2026-11-20T12:00:00.000Z');
    api.history('YS2R4X20005399401', from, to).subscribe();
    const request = backend.expectOne((r) => r.url === '/api/v1/vehicles/YS2R4X20005399401/history');
    expect(request.request.params.get('from')).toBe('2026-11-19T12:00:00.000Z');
    expect(request.request.params.get('to')).toBe('2026-11-20T12:00:00.000Z');
    request.flush({});
  });
});
