import { By, until, type WebDriver } from 'selenium-webdriver';
import { severeConsoleEntries } from './browser';
import type { Operator } from './system';

/** The sign-in page as an operator sees it. */
export class LoginPage {
  constructor(
    private readonly driver: WebDriver,
    private readonly base: string,
  ) {}

  async open(): Promise<void> {
    await this.driver.get(`${this.base}/login`);
    await this.waitUntilShown();
  }

  async waitUntilShown(): Promise<void> {
    await this.driver.wait(until.elementLocated(By.css('app-login input[autocomplete="username"]')), 15_000);
  }

  /** Types into the fields (found by their labels, as a screen reader would) and submits with Enter. */
  async signIn(username: string, password: string): Promise<void> {
    for (const [label, value] of [
      ['Username', username],
      ['Password', password],
    ] as const) {
      const input = await this.field(label);
      await input.clear();
      await input.sendKeys(value);
    }
    await this.driver.findElement(By.css('app-login button[type="submit"]')).click();
  }

  /** The error the page shows (role=alert), waited for. */
  async error(): Promise<string> {
    const alert = await this.driver.wait(until.elementLocated(By.css('app-login [role="alert"]')), 10_000);
    return (await alert.getText()).trim();
  }

  async path(): Promise<string> {
    const url = new URL(await this.driver.getCurrentUrl());
    return url.pathname + url.search;
  }

  /** Waits until the browser is off /login: the page asked for has taken over. */
  async waitUntilLeft(): Promise<void> {
    await this.driver.wait(async () => !(await this.path()).startsWith('/login'), 15_000);
  }

  private async field(label: string) {
    const id = await this.driver
      .findElement(By.xpath(`//app-login//label[normalize-space(.)="${label}"]`))
      .getAttribute('for');
    if (!id) throw new Error(`the ${label} label names no field`);
    return this.driver.findElement(By.id(id));
  }
}

/**
 * Signs the browser in through the sign-in page, as an operator does, and lands on the start page. The
 * sign-in page's own session probe (a 401 while signed out) is expected in the console and cleared here.
 */
export async function signIn(driver: WebDriver, base: string, operator: Operator): Promise<void> {
  const login = new LoginPage(driver, base);
  await login.open();
  await login.signIn(operator.username, operator.password);
  await login.waitUntilLeft();
  const unexpected = (await severeConsoleEntries(driver)).filter((e) => !isExpected401(e));
  if (unexpected.length) throw new Error(`console errors while signing in: ${unexpected.join('\n')}`);
}

/** Chromium logs every 401 as an error; the auth routes answer 401 to say "not signed in" or "wrong password". */
export function isExpected401(entry: string): boolean {
  return /\/api\/v1\/auth\/(session|login) - Failed to load resource: .*\b401\b/.test(entry);
}
