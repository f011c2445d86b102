import type { Locator, Page } from 'playwright-core';

/** The header's sync indicator, the Conflits screen and the Réglages server panel. */
export class SyncPages {
  constructor(readonly page: Page) {}

  indicator(): Locator {
    return this.page.getByRole('banner').getByRole('group', { name: 'Synchronisation' });
  }

  async syncNow(): Promise<void> {
    await this.indicator().getByRole('button', { name: 'Synchroniser' }).click();
  }

  async login(serverUrl: string, email: string, password: string): Promise<void> {
    const panel = this.page.getByRole('region', { name: 'Serveur central' });
    await panel.getByLabel('Adresse du serveur').fill(serverUrl);
    await panel.getByLabel('Adresse e-mail').fill(email);
    await panel.getByLabel('Mot de passe').fill(password);
    await panel.getByRole('button', { name: 'Se connecter' }).click();
    await panel.getByText('Connecté à').waitFor();
  }

  conflict(subject: RegExp): Locator {
    return this.page.getByRole('region', { name: subject });
  }
}
