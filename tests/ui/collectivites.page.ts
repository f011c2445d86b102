import type { Locator, Page } from 'playwright-core';

/** The Collectivités screens as a user meets them: by labels and roles, never by CSS classes. */
export class CollectivitesPage {
  constructor(readonly page: Page) {}

  search(): Locator {
    return this.page.getByLabel('Rechercher');
  }

  table(): Locator {
    return this.page.getByRole('table');
  }

  bodyRows(): Locator {
    return this.table().locator('tbody tr');
  }

  row(name: string): Locator {
    return this.bodyRows().filter({ hasText: name });
  }

  columnHeader(label: string): Locator {
    return this.page.getByRole('columnheader', { name: label });
  }

  async cellTexts(column: number): Promise<string[]> {
    return this.bodyRows().locator(`td:nth-child(${column})`).allInnerTexts();
  }
}
