import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideLocationMocks } from '@angular/common/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { of } from 'rxjs';
import { ApiError } from '../../api/api-error';
import { CustomersApi } from '../../api/customers-api';
import { VehiclesApi } from '../../api/vehicles-api';
import { provideAppIcons } from '../../shared/icons';
import { FakeVehiclesApi } from '../../../testing/fake-vehicles-api';
import {
  FakeFleetStream,
  noAnimations,
  provideFakeStream,
  provideFixedClock,
  sleep,
} from '../../../testing/fakes';
import { CUSTOMERS, JOHANS, VEHICLES, ago, pageOf } from '../../../testing/fleet-fixtures';
import { SEARCH_DEBOUNCE_MS } from '../vehicle-filters/vehicle-filters';
import { Vehicles } from './vehicles';

@Component({ template: 'detail' })
class DetailStub {}

describe('Vehicles page', () => {
  let api: FakeVehiclesApi;
  let stream: FakeFleetStream;
  let harness: RouterTestingHarness;
  let loader: HarnessLoader;

  async function open(url: string, page = pageOf()) {
    api = new FakeVehiclesApi();
    stream = new FakeFleetStream();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'vehicles', component: Vehicles },
          { path: 'vehicles/:vin', component: DetailStub },
        ]),
        provideLocationMocks(),
        provideAppIcons(),
        provideFixedClock(),
        noAnimations,
        { provide: VehiclesApi, useValue: api },
        { provide: CustomersApi, useValue: { list: () => of(CUSTOMERS) } },
        provideFakeStream(stream),
      ],
    });
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, Vehicles);
    api.respond(page);
    await harness.fixture.whenStable();
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
  }

  const url = () => TestBed.inject(Router).url;
  const text = () => (harness.routeNativeElement?.textContent ?? '').replace(/\s+/g, ' ');
  const table = () => loader.getHarness(MatTableHarness);

  it('lists the vehicles with status and last seen', async () => {
    await open('/vehicles');
    const rows = await (await table()).getCellTextByColumnName();
    expect(rows['vin'].text).toEqual(VEHICLES.map((v) => v.vin));
    expect(rows['regNo'].text[0]).toBe('ABC123');
    expect(rows['customer'].text[0]).toBe('Kalles Grustransporter AB');
    expect(rows['status'].text[0]).toBe('Online');
    expect(rows['status'].text[4]).toBe('Never seen');
    expect(rows['lastSeen'].text[0]).toContain('12 s ago');
    expect(rows['lastSeen'].text[4]).toBe('never');
    expect(text()).toContain('Total7Online4Offline3');
  });

  it('reproduces the view from a link', async () => {
    await open(
      `/vehicles?customerId=${JOHANS.id}&q=MNO&status=offline&sort=regNo&order=desc&page=2&pageSize=25`,
    );
    expect(api.calls[0].params).toEqual(
      jasmine.objectContaining({
        customerId: JOHANS.id,
        q: 'MNO',
        status: 'offline',
        sort: 'regNo',
        order: 'desc',
        page: 2,
      }),
    );
    expect(
      await (await loader.getHarness(MatInputHarness.with({ selector: '[type=search]' }))).getValue(),
    ).toBe('MNO');
    expect(await (await loader.getHarness(MatSelectHarness)).getValueText()).toBe('Johans Bulk AB (2)');
    expect(
      await (await loader.getHarness(MatButtonToggleHarness.with({ text: /Offline/ }))).isChecked(),
    ).toBeTrue();
    const [active] = await (
      await loader.getHarness(MatSortHarness)
    ).getSortHeaders({ sortDirection: 'desc' });
    expect(await active.getLabel()).toBe('Registration');
  });

  it('puts filters in the URL and loads them', async () => {
    await open('/vehicles');
    await (await loader.getHarness(MatSelectHarness)).clickOptions({ text: 'Johans Bulk AB (2)' });
    expect(url()).toBe(`/vehicles?customerId=${JOHANS.id}`);
    expect(api.last.params.customerId).toBe(JOHANS.id);

    await (await loader.getHarness(MatButtonToggleHarness.with({ text: /Online/ }))).check();
    expect(url()).toBe(`/vehicles?customerId=${JOHANS.id}&status=online`);
    expect(api.last.params.status).toBe('online');
  });

  it('searches once typing pauses', async () => {
    await open('/vehicles');
    const search = await loader.getHarness(
      MatInputHarness.with({ placeholder: 'VIN, registration or customer' }),
    );
    await search.setValue('ABC');
    expect(url()).toBe('/vehicles');
    await sleep(SEARCH_DEBOUNCE_MS + 50);
    await harness.fixture.whenStable();
    expect(url()).toBe('/vehicles?q=ABC');
    expect(api.last.params.q).toBe('ABC');
  });

  it('sorts and pages on the server, through the URL', async () => {
    await open('/vehicles', pageOf(VEHICLES, { total: 120 }));
    const sort = await loader.getHarness(MatSortHarness);
    const [lastSeen] = await sort.getSortHeaders({ label: 'Last seen' });
    await lastSeen.click();
    expect(url()).toBe('/vehicles?sort=lastSeen');
    await lastSeen.click();
    expect(url()).toBe('/vehicles?sort=lastSeen&order=desc');
    expect(api.last.params).toEqual(jasmine.objectContaining({ sort: 'lastSeen', order: 'desc', page: 1 }));
    api.respond(pageOf(VEHICLES, { total: 120 }));

    const paginator = await loader.getHarness(MatPaginatorHarness);
    await paginator.goToNextPage();
    expect(url()).toBe('/vehicles?sort=lastSeen&order=desc&page=2');
    expect(api.last.params.page).toBe(2);
    api.respond(pageOf(VEHICLES, { total: 120, page: 2 }));
    await harness.fixture.whenStable();
    expect(await paginator.getRangeLabel()).toBe('51 – 100 of 120');

    await paginator.setPageSize(100);
    expect(api.last.params.pageSize).toBe(100);
  });

  it('says when nothing matches', async () => {
    await open('/vehicles?q=zzz', pageOf([]));
    expect(text()).toContain('No vehicle matches these filters.');
  });

  it('shows a load error with a way to try again', async () => {
    await open('/vehicles');
    api.calls.length = 0;
    await (await loader.getHarness(MatButtonToggleHarness.with({ text: /Offline/ }))).check();
    api.fail(new ApiError(503, 'The read model is rebuilding.'));
    await harness.fixture.whenStable();
    expect(text()).toContain('The vehicles could not be loaded: The read model is rebuilding.');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Try again' }))).click();
    expect(api.calls.length).toBe(2);
  });

  it('updates a row live', async () => {
    await open('/vehicles');
    const at = ago(0);
    stream.events.next({
      type: 'status',
      data: { vin: VEHICLES[0].vin, customerId: 'c', status: 'offline', at, lastSeenAt: ago(301) },
    });
    await harness.fixture.whenStable();
    const rows = await (await table()).getCellTextByColumnName();
    expect(rows['status'].text[0]).toBe('Offline');
    expect(rows['lastSeen'].text[0]).toContain('5 min ago');
  });

  it('shows the fleet as of a past time, marked as such, and goes back to live', async () => {
    await open('/vehicles?status=online');
    const picker = await loader.getHarness(MatInputHarness.with({ selector: '[type=datetime-local]' }));
    await picker.setValue('2026-11-19T08:30');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Show as of/ }))).click();
    const asOf = new Date('2026-11-19T08:30').toISOString();
    expect(url()).toBe(`/vehicles?status=online&asOf=${asOf}`);
    expect(api.last.params.asOf).toBe(asOf);
    // Historical answers carry no last-seen times: the column tells how long each status had lasted.
    const twoHoursBefore = new Date(Date.parse(asOf) - 7_200_000).toISOString();
    const asThen = VEHICLES.map((v) => ({
      ...v,
      lastSeenAt: null,
      statusSince: v.statusSince && twoHoursBefore,
    }));
    api.respond(pageOf(asThen, { asOf }));
    await harness.fixture.whenStable();
    expect(text()).toContain('Historical view');
    const cells = await (await table()).getCellTextByColumnName();
    expect(cells['lastSeen'].text[0]).toContain('2 h ago');
    expect(cells['lastSeen'].text[4]).toBe('—');
    expect(stream.listening).toBeFalse();

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Back to live' }))).click();
    expect(url()).toBe('/vehicles?status=online');
    expect(text()).not.toContain('Historical view');
  });
});
