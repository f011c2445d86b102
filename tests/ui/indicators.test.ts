import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type ContributionsApp, figeac, openWithFigeacConvention } from './contributions.setup.ts';
import { plain, type ScenariosPage } from './scenarios.page.ts';

const dir = tempDir();
let app: ContributionsApp;
let page: Page;
let screen: ScenariosPage;
let errors: string[];

const year = new Date().getFullYear() + 1;

beforeAll(async () => {
  app = await openWithFigeacConvention(dir, 'indicators.sqlite');
  ({ page, screen, errors } = app);
});

afterAll(() => app?.close());

describe('service cost and indicators on the Participations screen', () => {
  const section = () => page.getByRole('region', { name: 'Coût du service et indicateurs' });
  const stat = (label: string) => section().getByRole('region', { name: label, exact: true });

  it('adds a cost line through the form and shows the Département’s share', async () => {
    await screen.nav('Participations');
    if (year !== 2027) await screen.choose(page, 'Année', '2027');
    await expect.poll(async () => plain(await screen.total(2027).innerText())).toBe('6 879,43 €');
    await section().getByText('Aucune ligne de coût enregistrée pour 2027.').waitFor();

    const form = page.getByRole('form', { name: 'Ajouter une ligne de coût' });
    await form.getByRole('textbox', { name: 'Fournisseur' }).fill('Cantook');
    await form.getByRole('textbox', { name: 'Libellé' }).fill('Livres numériques');
    await screen.choose(form, 'Tarification', 'par crédit de consultation');
    await form.getByRole('textbox', { name: 'Montant (€)' }).fill('30 000');
    await form.getByRole('button', { name: 'Ajouter la ligne' }).click();

    const row = page
      .getByRole('table', { name: 'Coût du service 2027' })
      .locator('tbody tr')
      .filter({ hasText: 'Cantook' });
    await expect.poll(async () => plain(await row.innerText())).toContain('30 000,00 €');
    expect(plain(await row.innerText())).toContain('par crédit de consultation');
    await expect
      .poll(async () => plain(await stat('Part du Département').innerText()))
      .toContain('23 120,57 €');
    expect(plain(await stat('Coût du service').innerText())).toContain('30 000,00 €');
    expect(plain(await stat('Participations des EPCI').innerText())).toContain('6 879,43 €');
    expect(await form.getByRole('textbox', { name: 'Fournisseur' }).inputValue()).toBe('');
    // No central server: the change waits for nobody, the header does not warn about it.
    const header = page.getByRole('group', { name: 'Synchronisation' });
    expect(await header.innerText()).toContain('Sans serveur central');
    expect(await header.innerText()).not.toContain('en attente');

    const epciRow = page
      .getByRole('table', { name: 'Indicateurs par EPCI 2027' })
      .locator('tbody tr')
      .filter({ hasText: figeac.name });
    expect(plain(await epciRow.innerText())).toContain('6 879,43 €');
    await page.getByRole('img', { name: 'Département / EPCI : répartition du coût 2027' }).waitFor();
    await saveScreenshot(page, 'participations-indicateurs.png', { fullPage: true });
  });

  it('removes the line after confirmation, and the indicators follow', async () => {
    await page.getByRole('button', { name: 'Supprimer la ligne Cantook — Livres numériques' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer cette ligne de coût ?' });
    await dialog.getByRole('button', { name: 'Supprimer la ligne' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await section().getByText('Aucune ligne de coût enregistrée pour 2027.').waitFor();
    // No cost entered: no share is computed, rather than a negative one in red.
    await expect
      .poll(async () => plain(await stat('Coût du service').innerText()))
      .toContain('Non renseigné');
    const share = plain(await stat('Part du Département').innerText());
    expect(share).toContain('Calculée une fois le coût du service renseigné.');
    expect(share).not.toContain('−');
    expect(share).not.toContain('dépassent');
  });

  it('logged no unexpected console error', () => {
    expect(errors).toEqual([]);
  });
});
