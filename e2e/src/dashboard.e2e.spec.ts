import type { WebDriver } from 'selenium-webdriver';
import { severeConsoleEntries, startBrowser, withScreenshot } from './support/browser';
import { keepOnline, referenceFleet, testVin, vehiclesOf } from './support/fleet';
import { signIn } from './support/login-page';
import { startSystem, type System } from './support/system';
import { VehiclesPage, type Row } from './support/vehicles-page';

/**
 * An operator's day on the dashboard, against the whole system (launcher, embedded PostgreSQL, the three
 * services, the gateway) with a 4 s offline timeout, signed in once through the sign-in page (the live
 * stream runs on that session's cookie). The tests run in order and build on each other's state.
 */
const OFFLINE_AFTER = 4;
const [kalles1, kalles2, kalles3] = vehiclesOf('Kalles') as [string, string, string];
const [bulk1, bulk2] = vehiclesOf('Johans') as [string, string];
const [harald1] = vehiclesOf('Haralds') as [string, string];
const allVins = referenceFleet.customers.flatMap((c) => c.vehicles.map((v) => v.vin));

let system: System;
let driver: WebDriver;
let page: VehiclesPage;
let alive: ReturnType<typeof keepOnline>;

const waitUntil = async (condition: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
};
const statusOf = (rows: Row[], vin: string) => rows.find((r) => r.vin === vin)?.status;
const ui = (name: string, step: () => Promise<void>) => withScreenshot(driver, name, step);

beforeAll(async () => {
  system = await startSystem({ offlineAfter: OFFLINE_AFTER, name: 'dashboard' });
  driver = await startBrowser();
  await signIn(driver, system.url, system.operator);
  page = new VehiclesPage(driver, system.url);
  alive = keepOnline(system.heartbeat, [kalles1, kalles2, bulk1]);
  await alive.first;
}, 240_000);

afterAll(async () => {
  alive?.stop();
  await driver?.quit();
  await system?.stop();
});

afterEach(async () => {
  expect(await severeConsoleEntries(driver)).toEqual([]);
});

it('lists the reference fleet with its statuses', () =>
  ui('reference-fleet', async () => {
    await page.open();
    await page.waitForRows((rows) => {
      expect(rows.map((r) => r.vin).sort()).toEqual([...allVins].sort());
      for (const vin of [kalles1, kalles2, bulk1]) expect(statusOf(rows, vin)).toBe('Online');
      for (const vin of [kalles3, bulk2, harald1]) expect(statusOf(rows, vin)).toBe('Never seen');
    });
    await page.waitForCounts((counts) => expect(counts).toEqual({ total: 7, online: 3, offline: 4 }));
  }));

it('filters by text, by status, and by both', () =>
  ui('filters', async () => {
    await page.open();
    await page.search('kalles');
    await page.waitForRows((rows) =>
      expect(rows.map((r) => r.vin).sort()).toEqual([kalles1, kalles2, kalles3].sort()),
    );
    await page.setStatus('offline');
    await page.waitForRows((rows) => expect(rows.map((r) => r.vin)).toEqual([kalles3]));
    await page.search('');
    await page.waitForRows((rows) => {
      expect(rows).toHaveLength(4);
      expect(rows.every((r) => r.status !== 'Online')).toBe(true);
    });
    expect((await page.url()).searchParams.get('status')).toBe('offline');
  }));

let seenAt = 0;
it('shows a heartbeat within 2 s without reload, and offline again after the timeout', () =>
  ui('live-flip', async () => {
    await page.open();
    await page.waitForRows((rows) => expect(statusOf(rows, harald1)).toBe('Never seen'));
    await driver.executeScript('window.__noReload = true');
    seenAt = Date.now();
    expect((await system.heartbeat(harald1)).status).toBe(202);
    await page.waitForRows((rows) => expect(statusOf(rows, harald1)).toBe('Online'), 2_000);
    await page.waitForRows(
      (rows) => expect(statusOf(rows, harald1)).toBe('Offline'),
      OFFLINE_AFTER * 1000 + 3_000,
    );
    expect(Date.now() - seenAt).toBeGreaterThanOrEqual(OFFLINE_AFTER * 1000 - 500);
    expect(await driver.executeScript('return window.__noReload')).toBe(true);
  }));

it('opens a deep link with filters as the same view, and back restores the previous one', () =>
  ui('deep-link', async () => {
    await page.open('?q=bulk&status=online');
    await page.waitForRows((rows) => expect(rows.map((r) => r.vin)).toEqual([bulk1]));
    await page.setStatus('all');
    await page.waitForRows((rows) => expect(rows.map((r) => r.vin).sort()).toEqual([bulk1, bulk2].sort()));
    await driver.navigate().back();
    await page.waitForRows((rows) => expect(rows.map((r) => r.vin)).toEqual([bulk1]));
    expect((await page.url()).searchParams.get('status')).toBe('online');
  }));

it('sorts and pages a few hundred vehicles', () =>
  ui('sort-page', async () => {
    const vehicles = Array.from({ length: 300 }, (_, i) => ({
      vin: testVin('PAGE', i),
      regNo: `PG${String((i * 7919) % 1000).padStart(3, '0')}-${i}`,
    }));
    await system.admin('POST', '/fleet/import', {
      customers: [{ name: 'E2E Paging AB', address: 'Sidgatan 1', vehicles }],
    });
    const byRegNo = vehicles.map((v) => v.regNo).sort();
    // The import is projected asynchronously: open the page once the read side has all of it.
    await waitUntil(async () => (await system.api<{ total: number }>('/vehicles?q=paging')).total === 300);
    await page.open('?q=paging');
    await page.waitForRows((rows) => expect(rows).toHaveLength(50), 15_000);
    expect((await page.counts()).total).toBe(300);
    await page.sortBy('regNo');
    await page.waitForRows((rows) => expect(rows.map((r) => r.regNo)).toEqual(byRegNo.slice(0, 50)));
    await page.sortBy('regNo');
    const desc = [...byRegNo].reverse();
    await page.waitForRows((rows) => expect(rows.map((r) => r.regNo)).toEqual(desc.slice(0, 50)));
    await page.nextPage();
    await page.waitForRows((rows) => expect(rows.map((r) => r.regNo)).toEqual(desc.slice(50, 100)));
    const url = await page.url();
    expect([
      url.searchParams.get('sort'),
      url.searchParams.get('order'),
      url.searchParams.get('page'),
    ]).toEqual(['regNo', 'desc', '2']);
  }));

it('shows the intervals the test produced on the vehicle detail page', () =>
  ui('detail', async () => {
    await driver.get(`${system.url}/vehicles/${harald1}`);
    const transitions = async () =>
      driver.executeScript<string[]>(() =>
        [...document.querySelectorAll('ol.transitions li .label')].map((e) => e.textContent?.trim() ?? ''),
      );
    const deadline = Date.now() + 10_000;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = await transitions();
      if (seen.includes('Online') && seen.includes('Offline')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen).toEqual(expect.arrayContaining(['Online', 'Offline']));
  }));

it('shows the fleet as it was in the "as of" view', () =>
  ui('as-of', async () => {
    // One second after its only heartbeat, Harald's first vehicle was online; now it is offline.
    const then = new Date(seenAt + 1000).toISOString();
    await page.open(`?q=${harald1}&asOf=${encodeURIComponent(then)}`);
    expect(await page.isHistorical()).toBe(true);
    await page.waitForRows((rows) => expect(statusOf(rows, harald1)).toBe('Online'));
    await page.open(`?q=${harald1}`);
    expect(await page.isHistorical()).toBe(false);
    await page.waitForRows((rows) => expect(statusOf(rows, harald1)).toBe('Offline'));
  }));
