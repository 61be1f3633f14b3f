import { Location } from '@angular/common';
import { provideLocationMocks } from '@angular/common/testing';
import { Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { sleep } from '../../../testing/fakes';
import { DEFAULT_QUERY } from './vehicle-query';
import { VehicleQueryState } from './vehicle-query-state';

@Component({ template: '', providers: [VehicleQueryState] })
class Host {
  readonly state = inject(VehicleQueryState);
}

describe('VehicleQueryState', () => {
  let harness: RouterTestingHarness;
  let host: Host;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'vehicles', component: Host }]), provideLocationMocks()],
    });
    harness = await RouterTestingHarness.create();
    // What bootstrapping would do: let the router follow the browser's back and forward.
    TestBed.inject(Router).setUpLocationChangeListener();
    host = await harness.navigateByUrl('/vehicles?status=online&page=3&sort=regNo', Host);
  });

  // The router reacts to back/forward in a timeout of its own.
  const settle = async () => {
    await sleep(0);
    await harness.fixture.whenStable();
  };
  const url = () => TestBed.inject(Router).url;

  it('reads the query from the URL', () => {
    expect(host.state.query()).toEqual({ ...DEFAULT_QUERY, status: 'online', page: 3, sort: 'regNo' });
  });

  it('writes changes to the URL, back to page 1 and without defaults', async () => {
    await host.state.update({ customerId: 'c1' });
    expect(url()).toBe('/vehicles?customerId=c1&status=online&sort=regNo');
    expect(host.state.query().customerId).toBe('c1');

    await host.state.update({ status: 'all', sort: 'vin' });
    expect(url()).toBe('/vehicles?customerId=c1');
  });

  it('keeps the page when paging', async () => {
    await host.state.update({ page: 4 });
    expect(url()).toBe('/vehicles?status=online&sort=regNo&page=4');
  });

  it('follows back and forward', async () => {
    await host.state.update({ q: 'abc' });
    expect(host.state.query().q).toBe('abc');

    const location = TestBed.inject(Location);
    location.back();
    await settle();
    expect(host.state.query()).toEqual({ ...DEFAULT_QUERY, status: 'online', page: 3, sort: 'regNo' });

    location.forward();
    await settle();
    expect(host.state.query()).toEqual({ ...DEFAULT_QUERY, status: 'online', sort: 'regNo', q: 'abc' });
  });

  it('emits a new query only when it really changed', async () => {
    const seen: unknown[] = [];
    const subscription = host.state.query$.subscribe((query) => seen.push(query));
    // Same meaning, different spelling: page=1 is the default.
    await TestBed.inject(Router).navigateByUrl('/vehicles?status=online&page=3&sort=regNo&order=asc');
    expect(seen.length).toBe(1);
    await host.state.update({ status: 'offline' });
    expect(seen.length).toBe(2);
    subscription.unsubscribe();
  });
});
