import type { Locator, Page } from 'playwright-core';

/** Réglages › Sauvegardes: the list, "Sauvegarder maintenant" and the restore confirmation. */
export class SauvegardesPage {
  constructor(readonly page: Page) {}

  async open(origin: string): Promise<void> {
    await this.page.goto(`${origin}/#/reglages`);
    await this.page.getByRole('heading', { name: 'Sauvegardes', level: 3 }).waitFor();
  }

  rows(): Locator {
    return this.page.getByRole('table', { name: 'Sauvegardes' }).locator('tbody tr');
  }

  backupNow(): Locator {
    return this.page.getByRole('button', { name: 'Sauvegarder maintenant' });
  }

  restoreButtons(): Locator {
    return this.page.getByRole('button', { name: /^Restaurer la sauvegarde du / });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Restaurer cette sauvegarde ?' });
  }

  confirm(): Locator {
    return this.dialog().getByRole('button', { name: 'Restaurer', exact: true });
  }

  /** The panel's own message (the header has a status of its own: the sync indicator). */
  status(): Locator {
    return this.page.getByRole('status').filter({ hasText: /^(Sauvegarde faite|Sauvegarde restaurée)/ });
  }
}
