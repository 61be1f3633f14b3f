import { By, until, type WebDriver } from 'selenium-webdriver';
import { severeConsoleEntries, startBrowser, withScreenshot } from './support/browser';
import { vehiclesOf } from './support/fleet';
import { LoginPage, isExpected401 } from './support/login-page';
import { startSystem, type System } from './support/system';

/**
 * Operator sign-in against the whole system: the guard, the sign-in page, the session cookie and sign-out.
 * The tests run in order: signed out, a wrong password, signed in through a deep link, signed out again.
 */
const [vin] = vehiclesOf('Kalles') as [string];

let system: System;
let driver: WebDriver;
let login: LoginPage;

const ui = (name: string, step: () => Promise<void>) => withScreenshot(driver, name, step);

beforeAll(async () => {
  system = await startSystem({ offlineAfter: 60, name: 'sign-in' });
  driver = await startBrowser();
  login = new LoginPage(driver, system.url);
}, 240_000);

afterAll(async () => {
  await driver?.quit();
  await system?.stop();
});

afterEach(async () => {
  expect((await severeConsoleEntries(driver)).filter((e) => !isExpected401(e))).toEqual([]);
});

it('refuses a wrong password with a clear message and stays on the sign-in page', () =>
  ui('wrong-password', async () => {
    await login.open();
    await login.signIn(system.operator.username, `${system.operator.password}-not`);
    expect(await login.error()).toBe('Wrong username or password.');
    expect(await login.path()).toBe('/login');
    expect(await driver.findElements(By.css('app-sign-out button'))).toHaveLength(0);
  }));

it('sends a deep link to the sign-in page while signed out, and lands on it after signing in', () =>
  ui('deep-link-sign-in', async () => {
    await driver.get(`${system.url}/vehicles/${vin}`);
    await login.waitUntilShown();
    expect(await login.path()).toBe(`/login?returnUrl=${encodeURIComponent(`/vehicles/${vin}`)}`);

    await login.signIn(system.operator.username, system.operator.password);
    await login.waitUntilLeft();
    expect(await login.path()).toBe(`/vehicles/${vin}`);
    const heading = await driver.wait(until.elementLocated(By.css('main h1')), 15_000);
    await driver.wait(until.elementTextContains(heading, vin), 10_000);
    const account = await driver.findElement(By.css('app-sign-out'));
    expect(await account.getText()).toContain(system.operator.username);
  }));

it('signs out to the sign-in page, after which the API refuses the old cookie', () =>
  ui('sign-out', async () => {
    const cookie = await driver.manage().getCookie('vt_session');
    expect(cookie?.value).toBeTruthy();
    expect(cookie?.httpOnly).toBe(true);
    const withCookie = () =>
      fetch(`${system.url}/api/v1/customers`, { headers: { Cookie: `vt_session=${cookie!.value}` } });
    expect((await withCookie()).status).toBe(200);

    await driver.findElement(By.xpath('//app-sign-out//button[normalize-space(.)="Sign out"]')).click();
    await login.waitUntilShown();
    expect(await login.path()).toBe('/login');
    expect((await withCookie()).status).toBe(401);

    // And the browser is signed out too: a page sends it back to sign in.
    await driver.get(`${system.url}/customers`);
    await login.waitUntilShown();
    expect(await login.path()).toBe(`/login?returnUrl=${encodeURIComponent('/customers')}`);
  }));
