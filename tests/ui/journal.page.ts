import type { Locator, Page } from 'playwright-core';

/** The Journal: its filters and the lines of the current page. */
export class JournalPage {
  constructor(readonly page: Page) {}

  rows(): Locator {
    return this.page.getByRole('table', { name: 'Journal des modifications' }).locator('tbody tr');
  }

  async filterBy(label: string, option: string): Promise<void> {
    await this.page.getByRole('textbox', { name: label, exact: true }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  summary(): Locator {
    return this.page.getByText(/entrées? —|Aucune modification/);
  }
}
