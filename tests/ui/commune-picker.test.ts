import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';
import { ImportWizardPage } from './import.page.ts';

/**
 * Communes found otherwise than by today's name, in Chromium through the browser host: the commune picker
 * of « Ajouter une bibliothèque » by a postal code and by a former commune's name, and the import preview
 * saying which former commune a file's row named.
 */
let app: HostPage;
const shot = (name: string) => saveScreenshot(app.page, name, { fullPage: true });
const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', name));

beforeAll(async () => {
  app = await openHostPage(path.join(tempDir(), 'communes-picker.sqlite'));
  await app.api.call('library.add', { name: 'Médiathèque de Gourdon', commune: '46127', ils: 'koha' });
});
afterAll(() => app?.close());

describe('the commune picker', () => {
  it('lists the communes of a postal code typed, each saying why it is there', async () => {
    const page = app.page;
    await page.goto(`${app.host.origin}/#/bibliotheques`);
    await page.getByRole('button', { name: 'Ajouter une bibliothèque' }).click();
    const commune = page.getByRole('dialog').getByRole('textbox', { name: 'Commune', exact: true });
    await commune.fill('46240');
    const options = page.getByRole('option');
    await expect
      .poll(() => options.allInnerTexts())
      .toEqual([
        'Rocamadour (INSEE 46240)',
        'Caniac-du-Causse (code postal 46240)',
        'Cœur de Causse (code postal 46240)',
        'Lamothe-Cassel (code postal 46240)',
        'Lunegarde (code postal 46240)',
        'Montfaucon (code postal 46240)',
        'Séniergues (code postal 46240)',
        'Soulomès (code postal 46240)',
        'Ussel (code postal 46240)',
      ]);
    await shot('commune-picker-code-postal.png');
    await page.getByRole('option', { name: 'Ussel (code postal 46240)' }).click();
    await expect.poll(() => commune.inputValue()).toMatch(/^Ussel \(/);
    expect(await page.getByRole('dialog').innerText()).toContain('code postal 46240');
  });

  it('finds Cœur de Causse by « Labastide-Murat », then ↓ and Entrée pick it', async () => {
    const page = app.page;
    const dialog = page.getByRole('dialog');
    const commune = dialog.getByRole('textbox', { name: 'Commune', exact: true });
    // The pointer, left on the list by the last click, would hover (and scroll to) an option of its own.
    await page.mouse.move(1200, 880);
    await commune.fill('Labastide-Murat');
    await expect
      .poll(async () => (await page.getByRole('option').allInnerTexts())[0])
      .toBe('Cœur de Causse (ancienne Labastide-Murat)');
    // Shown at the top of the list, which does not stay scrolled where the pick of Ussel left it.
    const scrolled = () =>
      page
        .getByRole('listbox')
        .evaluate((list) => list.querySelector('.mantine-ScrollArea-viewport')?.scrollTop ?? -1);
    await expect.poll(scrolled).toBe(0);
    await shot('commune-picker-ancienne-commune.png');
    await commune.press('ArrowDown');
    await commune.press('Enter');
    await expect.poll(() => commune.inputValue()).toBe('Cœur de Causse (CC du Causse de Labastide Murat)');
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(await dialog.innerText()).toContain(
      'INSEE 46138 · département 46 · EPCI : CC du Causse de Labastide Murat · code postal 46240',
    );
    await shot('commune-picker-coeur-de-causse.png');
    await commune.fill('le vigan');
    await expect
      .poll(async () => (await page.getByRole('option').allInnerTexts())[0])
      .toBe('Le Vigan-en-Quercy (anciennement Le Vigan)');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });
});

describe('the import preview', () => {
  it('says « Labastide-Murat → Cœur de Causse (commune nouvelle) » on the row, as a note, not a warning', async () => {
    const page = app.page;
    const wizard = new ImportWizardPage(page);
    await page.goto(`${app.host.origin}/#/imports/nouveau`);
    await wizard.chooseLibrary('Médiathèque de Gourdon');
    await wizard.pickFile('anciennes-communes.csv', fixture('anciennes-communes.csv'));
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    await page.getByRole('button', { name: 'Suivant : aperçu' }).click();
    await wizard.tab('Nouveaux').waitFor();
    await expect.poll(() => wizard.count('Nouveaux')).toBe(10);
    // Montcuq, and Le Vigan without its postal code (also a commune of the Gard): to correct.
    expect(await wizard.count('Avertissements')).toBe(2);
    // No row is rejected: the preview opens on « Nouveaux ».
    await expect.poll(() => wizard.rows().count()).toBe(10);
    expect(await wizard.row(2).innerText()).toContain('Labastide-Murat → Cœur de Causse (commune nouvelle)');
    expect(await wizard.row(6).innerText()).toContain('Le Vigan → Le Vigan-en-Quercy (nouveau nom)');
    expect(await wizard.row(7).innerText()).toContain('Commune non reconnue');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shot('import-anciennes-communes.png');
    expect(app.errors).toEqual([]);
  });
});
