import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Vehicle, VehicleHistory } from '../../api/api-types';
import { problemInterceptor } from '../../api/problem-interceptor';
import { provideAppIcons } from '../../shared/icons';
import {
  FakeFleetStream,
  noAnimations,
  provideFakeStream,
  provideFixedClock,
  sleep,
} from '../../../testing/fakes';
import { KALLES, ago } from '../../../testing/fleet-fixtures';
import { VehicleDetail } from './vehicle-detail';

const VIN = 'YS2R4X20005399401';
const VEHICLE: Vehicle = {
  vin: VIN,
  regNo: 'ABC123',
  customer: KALLES,
  status: 'online',
  lastSeenAt: ago(12),
  statusSince: ago(7_200),
  heartbeatCount: 4321,
  offlineTimeoutSeconds: 300,
  registeredAt: ago(30 * 86_400),
  retiredAt: null,
};

function history(hours: number, uptimeShare: number): VehicleHistory {
  const to = ago(0);
  const from = ago(hours * 3_600);
  return {
    vin: VIN,
    from,
    to,
    intervals: [
      { status: 'online', from, to: ago(10_800) },
      { status: 'offline', from: ago(10_800), to: ago(7_200) },
      { status: 'online', from: ago(7_200), to: null },
    ],
    uptimeShare,
    heartbeatsPerHour: [{ hour: from, count: 60 }],
  };
}

describe('Vehicle detail page', () => {
  let backend: HttpTestingController;
  let stream: FakeFleetStream;
  let harness: RouterTestingHarness;
  let loader: HarnessLoader;

  beforeEach(async () => {
    stream = new FakeFleetStream();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'vehicles/:vin', component: VehicleDetail }]),
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideAppIcons(),
        provideFixedClock(),
        provideFakeStream(stream),
        noAnimations,
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/vehicles/${VIN}`, VehicleDetail);
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
  });

  afterEach(() => backend.verify());

  /** Answers the page's three requests: the vehicle, its last day and its last week. */
  async function answer(vehicle: Vehicle = VEHICLE) {
    backend.expectOne(`/api/v1/vehicles/${VIN}`).flush(vehicle);
    const histories = backend.match((r) => r.url === `/api/v1/vehicles/${VIN}/history`);
    expect(histories.length).toBe(2);
    for (const request of histories) {
      const { params } = request.request;
      const hours = (Date.parse(params.get('to')!) - Date.parse(params.get('from')!)) / 3_600_000;
      request.flush(hours > 24 ? history(168, 0.8) : history(24, 0.95));
    }
    await harness.fixture.whenStable();
  }

  const text = () => (harness.routeNativeElement?.textContent ?? '').replace(/\s+/g, ' ');

  it('shows status, since when, last heartbeat, heartbeat count and timeout', async () => {
    await answer();
    expect(text()).toContain('ABC123');
    expect(text()).toContain('Online');
    expect(text()).toContain('Status since2 h ago');
    expect(text()).toContain('Last heartbeat12 s ago');
    expect(text()).toContain('Heartbeats4321');
    expect(text()).toContain('5 min without a heartbeat');
    const customer = harness.routeNativeElement!.querySelector<HTMLAnchorElement>('.facts a')!;
    expect(customer.getAttribute('href')).toBe(`/vehicles?customerId=${KALLES.id}`);
  });

  it('shows uptime and timeline for the last 24 hours or 7 days', async () => {
    await answer();
    expect(text()).toContain('95.0% online');
    expect(harness.routeNativeElement!.querySelectorAll('app-status-timeline .segment').length).toBe(3);

    await (await loader.getHarness(MatButtonToggleHarness.with({ text: 'Last 7 days' }))).check();
    expect(text()).toContain('80.0% online');
  });

  it('lists recent transitions, newest first', async () => {
    await answer();
    const items = [...harness.routeNativeElement!.querySelectorAll('.transitions li')].map((li) =>
      (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    expect(items.length).toBe(3);
    expect(items[0]).toMatch(/^Online since .* 2 h$/);
    expect(items[1]).toMatch(/^Offline from .* 1 h$/);
  });

  it('says so when the vehicle does not exist', async () => {
    backend
      .expectOne(`/api/v1/vehicles/${VIN}`)
      .flush(
        { type: 'about:blank', title: 'Not Found', status: 404, detail: `No vehicle with VIN ${VIN}.` },
        { status: 404, statusText: 'Not Found' },
      );
    // The history requests are dropped with it.
    expect(backend.match((r) => r.url.endsWith('/history')).every((r) => r.cancelled)).toBeTrue();
    await harness.fixture.whenStable();
    expect(text()).toContain('Vehicle not found');
    expect(text()).toContain(`No vehicle with VIN ${VIN}.`);
  });

  it('follows live status changes and then reloads the history', async () => {
    await answer();
    stream.events.next({
      type: 'status',
      data: { vin: VIN, customerId: KALLES.id, status: 'offline', at: ago(0), lastSeenAt: ago(301) },
    });
    stream.events.next({
      type: 'status',
      data: { vin: 'SOMEONE-ELSE', customerId: KALLES.id, status: 'offline', at: ago(0), lastSeenAt: null },
    });
    await harness.fixture.whenStable();
    expect(text()).toContain('Offline');
    expect(text()).toContain('Last heartbeat5 min ago');

    await sleep(1_100);
    await answer({ ...VEHICLE, status: 'offline', statusSince: ago(0) });
  });
});
