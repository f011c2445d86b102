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

  /** A choice of « Afficher »: « Toutes » or « À faire (n) ». */
  view(name: RegExp): Locator {
    return this.page.getByRole('radio', { name });
  }

  /** Picks a choice of « Afficher » by clicking its words, as a person does (its radio is hidden). */
  async showView(name: RegExp): Promise<void> {
    await this.page.getByText(name).click();
    await this.view(name).and(this.page.locator(':checked')).waitFor({ state: 'attached' });
  }

  /** « 3 actions en retard » (or « Aucune action en retard ») beside the « Afficher » filter. */
  overdueCount(): Locator {
    return this.page.getByText(/^(\d+ actions? en retard|Aucune action en retard)$/);
  }

  /** A headline figure of the page, by its label. */
  stat(label: string): Locator {
    return this.page.getByRole('region', { name: label });
  }
}
