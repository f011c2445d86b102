import type { Locator, Page } from 'playwright-core';

/** The Bibliothèques list, its "add" form and a library's screen. */
export class BibliothequesPage {
  constructor(readonly page: Page) {}

  rows(): Locator {
    return this.page.getByRole('table', { name: /bibliothèques? sur/ }).locator('tbody tr');
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  async pickCommune(typed: string, option: string): Promise<void> {
    const input = this.dialog().getByRole('textbox', { name: 'Commune', exact: true });
    await input.fill(typed);
    await this.page.getByRole('option', { name: option }).click();
  }

  async pickIls(label: string): Promise<void> {
    await this.dialog().getByRole('textbox', { name: 'SIGB' }).click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
  }
}
