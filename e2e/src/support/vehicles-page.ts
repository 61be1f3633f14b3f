import { By, Key, until, type WebDriver } from 'selenium-webdriver';

export interface Row {
  vin: string;
  regNo: string;
  customer: string;
  status: string;
}

/** The vehicles page as an operator sees it: rows, filters, summary, sort headers, paginator. */
export class VehiclesPage {
  constructor(
    private readonly driver: WebDriver,
    private readonly base: string,
  ) {}

  async open(query = ''): Promise<void> {
    await this.driver.get(`${this.base}/vehicles${query}`);
    await this.driver.wait(until.elementLocated(By.css('table.mat-mdc-table')), 15_000);
  }

  /** Every row on the page, read in one round trip (no stale element references while the table updates). */
  async rows(): Promise<Row[]> {
    return this.driver.executeScript<Row[]>(() =>
      [...document.querySelectorAll('tr.mat-mdc-row:not(.no-data)')].map((tr) => {
        const text = (column: string, inner = '') =>
          tr.querySelector(`.mat-column-${column} ${inner}`)?.textContent?.trim() ?? '';
        return {
          vin: text('vin'),
          regNo: text('regNo'),
          customer: text('customer'),
          status: text('status', '.label'),
        };
      }),
    );
  }

  /** Waits until the rows satisfy `expectation` (a jest assertion), failing with its last message. */
  async waitForRows(expectation: (rows: Row[]) => void, timeoutMs = 10_000): Promise<Row[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.rows();
      try {
        expectation(rows);
        return rows;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits until the summary's counts satisfy `expectation`: they follow the rows by a live event. */
  async waitForCounts(
    expectation: (counts: { total: number; online: number; offline: number }) => void,
    timeoutMs = 5_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        expectation(await this.counts());
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async search(text: string): Promise<void> {
    const input = await this.driver.findElement(By.css('input[type="search"]'));
    // As a user does it: WebElement.clear() fires no input event, so the page would never see the change.
    await input.sendKeys(Key.chord(Key.CONTROL, 'a'), Key.BACK_SPACE);
    if (text) await input.sendKeys(text);
  }

  async setStatus(status: 'all' | 'online' | 'offline'): Promise<void> {
    await this.driver.findElement(By.css(`mat-button-toggle[value="${status}"] button`)).click();
  }

  async counts(): Promise<{ total: number; online: number; offline: number }> {
    return this.driver.executeScript(() => {
      const dd = (cls: string) => Number(document.querySelector(`dl .item${cls} dd`)?.textContent?.trim());
      return { total: dd(':not(.online):not(.offline)'), online: dd('.online'), offline: dd('.offline') };
    });
  }

  async sortBy(column: 'vin' | 'regNo' | 'customer' | 'status' | 'lastSeen'): Promise<void> {
    await this.driver.findElement(By.css(`th.mat-column-${column}`)).click();
  }

  async nextPage(): Promise<void> {
    await this.driver.findElement(By.css('button.mat-mdc-paginator-navigation-next')).click();
  }

  async url(): Promise<URL> {
    return new URL(await this.driver.getCurrentUrl());
  }

  async isHistorical(): Promise<boolean> {
    return (await this.driver.findElements(By.css('.historical[role="status"]'))).length > 0;
  }
}
