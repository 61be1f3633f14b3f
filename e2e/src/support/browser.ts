import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Builder, logging, type WebDriver } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome';
import { artifacts } from './system';

const CHROMIUM = process.env.CHROME_BIN ?? '/usr/bin/chromium';
const CHROMEDRIVER = process.env.CHROMEDRIVER_BIN ?? '/usr/bin/chromedriver';

/**
 * Debian's headless Chromium through Debian's chromedriver: both paths given, so Selenium Manager never tries
 * to download a browser or a driver.
 */
export async function startBrowser(): Promise<WebDriver> {
  const options = new chrome.Options();
  options.setChromeBinaryPath(CHROMIUM);
  options.addArguments(
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--no-first-run',
    '--window-size=1280,900',
  );
  const prefs = new logging.Preferences();
  prefs.setLevel(logging.Type.BROWSER, logging.Level.ALL);
  options.setLoggingPrefs(prefs);
  return new Builder()
    .forBrowser('chrome')
    .setChromeOptions(options)
    .setChromeService(new chrome.ServiceBuilder(CHROMEDRIVER))
    .build();
}

/** SEVERE entries in the browser console since the last call. */
export async function severeConsoleEntries(driver: WebDriver): Promise<string[]> {
  const entries = await driver.manage().logs().get(logging.Type.BROWSER);
  return entries.filter((e) => e.level.value >= logging.Level.SEVERE.value).map((e) => e.message);
}

/** Runs a UI step; on failure saves a screenshot named after the test, then rethrows. */
export async function withScreenshot(
  driver: WebDriver,
  name: string,
  step: () => Promise<void>,
): Promise<void> {
  try {
    await step();
  } catch (err) {
    const file = path.join(artifacts, `${name.replace(/[^\w-]+/g, '_')}.png`);
    writeFileSync(file, await driver.takeScreenshot(), 'base64');
    throw err;
  }
}
