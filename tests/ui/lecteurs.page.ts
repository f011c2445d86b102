import type { Locator, Page } from 'playwright-core';

/** The Lecteurs screen: search, filters, the windowed list and a patron's card. */
export class LecteursPage {
  constructor(readonly page: Page) {}

  search(): Locator {
    return this.page.getByRole('textbox', { name: 'Rechercher' });
  }

  list(): Locator {
    return this.page.getByRole('table', { name: 'Lecteurs' });
  }

  /** The rows drawn in the page (the windowed list draws only those near the view). */
  rows(): Locator {
    return this.list().locator('tbody tr[data-index]');
  }

  result(): Locator {
    return this.page.locator('#patron-result');
  }

  stat(label: string): Locator {
    return this.page.getByRole('region', { name: label });
  }

  async statValue(label: string): Promise<number> {
    const lines = (await this.stat(label).innerText())
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return Number((lines[1] ?? '').replace(/\D/g, ''));
  }

  duplicatesOnly(): Locator {
    return this.page.getByRole('checkbox', { name: /Doublons possibles seulement/ });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }
}
