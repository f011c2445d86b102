import type { Locator, Page } from 'playwright-core';

/** Spaces as the screens print them (narrow no-break in thousands) → plain spaces, for comparisons. */
export const plain = (text: string) =>
  text
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Participations and Scénarios as a user meets them: by labels and roles. */
export class ScenariosPage {
  constructor(readonly page: Page) {}

  nav(label: string): Promise<void> {
    return this.page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: label, exact: true })
      .click();
  }

  /** A Mantine select: open it by its label, pick the option. */
  async choose(scope: Locator | Page, label: string, option: string): Promise<void> {
    await scope.getByRole('textbox', { name: label, exact: true }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  /** A French date field (JJ/MM/AAAA): typed, then left, so its calendar closes. */
  async fillDate(scope: Locator | Page, label: string, date: string): Promise<void> {
    const field = scope.getByLabel(label, { exact: true });
    await field.fill(date);
    await field.blur();
  }

  contributionsRow(epci: string): Locator {
    return this.page
      .getByRole('table', { name: /^Participations/ })
      .locator('tbody tr')
      .filter({ hasText: epci });
  }

  total(year: number): Locator {
    return this.page.getByLabel(`Total ${year}`, { exact: true });
  }

  convention(index: number): Locator {
    return this.page.getByRole('group', { name: `Convention ${index}` });
  }

  comparisonRow(year: number, epci: string): Locator {
    return this.page
      .getByRole('table', { name: `Comparaison ${year}` })
      .locator('tbody tr')
      .filter({ hasText: epci });
  }

  comparisonTotal(year: number): Locator {
    return this.page.getByRole('table', { name: `Comparaison ${year}` }).locator('tfoot tr');
  }

  /** The sensitivity cell for a rate row ("0,30 €/hab.") and a start month column ("juillet"). */
  async sensitivityCell(rate: string, month: string): Promise<string> {
    const table = this.page.getByRole('table', { name: /^Sensibilité/ });
    const headers = (await table.locator('thead th').allInnerTexts()).map(plain);
    const index = headers.indexOf(month);
    if (index < 0) throw new Error(`Mois introuvable : ${month} (${headers.join(', ')})`);
    const row = table.locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name: rate }) });
    return plain(await row.locator('th, td').nth(index).innerText());
  }

  section(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }
}
