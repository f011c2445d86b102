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

  /** The texts of one column, found by its header's label (columns move as screens grow). */
  async cellTexts(label: string): Promise<string[]> {
    const headers = await this.table().locator('thead th').allInnerTexts();
    const index = headers.findIndex((text) => text.replace(/[▲▼]/g, '').trim() === label);
    if (index < 0) throw new Error(`Colonne introuvable : ${label} (colonnes : ${headers.join(', ')})`);
    return this.bodyRows()
      .locator(`td:nth-child(${index + 1})`)
      .allInnerTexts();
  }

  tab(name: string): Locator {
    return this.page.getByRole('tab', { name });
  }

  /** A headline figure of the page, by its label. */
  stat(label: string): Locator {
    return this.page.getByRole('region', { name: label });
  }
}
