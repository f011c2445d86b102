import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';

/**
 * Issue 16, item 2: a stored convention with degressive bands, typed in the convention form (the bands
 * editor scenarios use), refused in French while its thresholds go down, then saved and shown in the
 * conventions panel in plain French.
 */
const figeac = { siren: '200067361', name: 'CC Grand-Figeac' };
let app: HostPage;
let page: Page;

const shot = (name: string) => saveScreenshot(page, name);
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

beforeAll(async () => {
  app = await openHostPage(path.join(tempDir(), 'tranches-convention.sqlite'));
  page = app.page;
  page.setDefaultTimeout(30_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
});
afterAll(() => app?.close());

describe('a convention with degressive bands, typed in the convention form', () => {
  it('takes three bands, refuses thresholds that go down, and shows the grid in the panel', async () => {
    await page.goto(`${app.host.origin}/#/collectivites/${figeac.siren}`);
    await page.getByRole('tab', { name: /^Conventions/ }).click();
    await page.getByRole('button', { name: 'Ajouter une convention' }).click();
    const form = page.getByRole('dialog', { name: `Nouvelle convention — ${figeac.name}` });
    await form.waitFor();
    await form.getByRole('textbox', { name: 'Référence' }).fill('GF-2027-DEG');
    await form.getByRole('textbox', { name: 'Taux (€ par habitant)' }).fill('0,30');

    await form.getByRole('button', { name: 'Ajouter des tranches dégressives' }).click();
    const bands = form.getByRole('group', { name: 'Tranches dégressives — convention' });
    await bands.waitFor();
    // The first band runs at the convention's own rate.
    expect(plain(await bands.getByLabel('Tranche 1 : taux').innerText())).toContain('0,30 €');
    await bands.getByRole('button', { name: 'Ajouter une tranche' }).click();
    await bands.getByRole('textbox', { name: 'Tranche 2 : jusqu’à combien d’habitants' }).fill('5000');
    await bands.getByRole('textbox', { name: 'Tranche 2 : taux (€ par habitant)' }).fill('0,25');
    await bands.getByRole('textbox', { name: 'Au-delà : taux (€ par habitant)' }).fill('0,15');

    // Thresholds going down: refused in French, on the threshold at fault.
    await form.getByRole('button', { name: 'Enregistrer la convention' }).click();
    await form.getByText('Les seuils doivent être croissants : 5000 habitants après 10000.').waitFor();
    await bands.getByRole('textbox', { name: 'Tranche 2 : jusqu’à combien d’habitants' }).fill('50 000');
    await form.getByRole('textbox', { name: 'Référence' }).focus();
    await expect
      .poll(async () => plain(await form.getByText(/^Tranches : /).innerText()))
      .toContain(
        'Tranches : 0,30 € jusqu’à 10 000 hab., 0,25 € jusqu’à 50 000 hab., puis 0,15 € par habitant',
      );
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shot('convention-tranches-formulaire.png');

    await form.getByRole('button', { name: 'Enregistrer la convention' }).click();
    await form.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /GF-2027-DEG/ });
    await row.waitFor();
    expect(plain(await row.innerText())).toContain(
      '0,30 € jusqu’à 10 000 hab., 0,25 € jusqu’à 50 000 hab., puis 0,15 €',
    );
    await shot('convention-tranches-panneau.png');

    // Corrected later: the form opens on the stored grid, the last rate changed.
    await row.getByRole('button', { name: 'Modifier la convention GF-2027-DEG' }).click();
    const edit = page.getByRole('dialog', { name: `Modifier la convention — ${figeac.name}` });
    await edit.waitFor();
    const editBands = edit.getByRole('group', { name: 'Tranches dégressives — convention' });
    expect(
      await editBands.getByRole('textbox', { name: 'Tranche 2 : jusqu’à combien d’habitants' }).inputValue(),
    ).toBe('50000');
    await editBands.getByRole('textbox', { name: 'Au-delà : taux (€ par habitant)' }).fill('0,10');
    await edit.getByRole('button', { name: 'Enregistrer la convention' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect
      .poll(async () => plain(await row.innerText()))
      .toContain('0,30 € jusqu’à 10 000 hab., 0,25 € jusqu’à 50 000 hab., puis 0,10 €');

    // Stored as typed: the service gives the same grid back.
    const [stored] = (await app.api.call('epci.get', { siren: figeac.siren })).conventions;
    expect(stored?.bands).toEqual([
      { upTo: 10_000, rate: '0.30' },
      { upTo: 50_000, rate: '0.25' },
      { upTo: null, rate: '0.10' },
    ]);
  }, 120_000);
});
