import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Subject } from 'rxjs';
import { ApiError } from '../../api/api-error';
import { CustomerSummary } from '../../api/api-types';
import { CustomersApi } from '../../api/customers-api';
import { provideAppIcons } from '../../shared/icons';
import { noAnimations } from '../../../testing/fakes';
import { CUSTOMERS, KALLES } from '../../../testing/fleet-fixtures';
import { Customers } from './customers';

describe('Customers page', () => {
  let live: Subject<CustomerSummary[]>;
  let watches: number;
  let harness: RouterTestingHarness;
  let loader: HarnessLoader;

  beforeEach(async () => {
    watches = 0;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'customers', component: Customers }]),
        provideAppIcons(),
        noAnimations,
        {
          provide: CustomersApi,
          useValue: {
            watch: () => {
              watches++;
              return (live = new Subject<CustomerSummary[]>());
            },
          },
        },
      ],
    });
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/customers', Customers);
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
  });

  const text = () => (harness.routeNativeElement?.textContent ?? '').replace(/\s+/g, ' ');
  const emit = async (customers: CustomerSummary[]) => {
    live.next(customers);
    await harness.fixture.whenStable();
  };

  it('lists each customer with fleet size and online share, linking to its vehicles', async () => {
    expect(text()).toContain('Loading customers');
    await emit(CUSTOMERS);
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    // Alphabetical.
    expect(cells['name'].text.map((t) => t.split('  ')[0])).toEqual([
      jasmine.stringContaining('Haralds'),
      jasmine.stringContaining('Johans'),
      jasmine.stringContaining('Kalles'),
    ]);
    expect(cells['vehicleCount'].text).toEqual(['2', '2', '3']);
    expect(cells['onlineShare'].text).toEqual(['50.0%', '50.0%', '66.7%']);
    const shares = await loader.getAllHarnesses(MatProgressBarHarness);
    expect(await shares[2].getValue()).toBeCloseTo(66.67, 1);

    const link = harness.routeNativeElement!.querySelectorAll<HTMLAnchorElement>('td a')[2];
    expect(link.getAttribute('href')).toBe(`/vehicles?customerId=${KALLES.id}`);
  });

  it('follows live counts', async () => {
    await emit(CUSTOMERS);
    await emit(CUSTOMERS.map((c) => (c.id === KALLES.id ? { ...c, online: 3, offline: 0 } : c)));
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['onlineShare'].text[2]).toBe('100.0%');
  });

  it('shows an error with a way to try again', async () => {
    live.error(new ApiError(0, 'The server cannot be reached.'));
    await harness.fixture.whenStable();
    expect(text()).toContain('The customers could not be loaded: The server cannot be reached.');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Try again' }))).click();
    expect(watches).toBe(2);
    expect(text()).toContain('Loading customers');
  });
});
