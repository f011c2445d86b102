import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import type { LecteursPage } from './lecteurs.page.ts';
import { cahorsCsv, figeacCsv, type ImportApp, openImportApp, staff, year } from './patron-import.setup.ts';

const dir = tempDir();
let app: ImportApp;
let page: Page;
let lecteurs: LecteursPage;
let cahors: ImportApp['cahors'];
let figeac: ImportApp['figeac'];
let nav: ImportApp['nav'];
let shot: ImportApp['shot'];

beforeAll(async () => {
  app = await openImportApp(path.join(dir, 'import.sqlite'));
  ({ page, lecteurs, cahors, figeac, nav, shot } = app);
  // The history begins as import-wizard.test.ts leaves it: Cahors' file imported, then undone.
  const undone = await app.importThroughApi(cahors.id, 'lecteurs-cahors.csv', cahorsCsv);
  await app.api.call('import.undo', { batchId: undone.batchId });
});

afterAll(async () => {
  await app?.close();
});

describe('the Lecteurs screen, with Cahors’ file and 2,500 patrons from Figeac', () => {
  it('is set up through the API: both files imported', async () => {
    const first = await app.importThroughApi(cahors.id, 'lecteurs-cahors.csv', cahorsCsv);
    expect(first.counts.created).toBe(4);
    const second = await app.importThroughApi(figeac.id, 'koha-figeac.csv', figeacCsv());
    expect(second.counts).toMatchObject({ created: 2500, rejected: 0, possibleDuplicates: 1 });
  });

  it('counts the patrons and lists them alphabetically, drawing only the rows in view', async () => {
    await nav('Lecteurs');
    await expect.poll(() => lecteurs.result().innerText()).toMatch(/^2\s504 lecteurs/);
    await expect.poll(() => lecteurs.statValue('Lecteurs inscrits')).toBe(2504);
    await expect.poll(() => lecteurs.statValue('Personnes distinctes')).toBe(2504);
    await expect.poll(() => lecteurs.statValue('Doublons à examiner')).toBe(1);
    expect(await lecteurs.list().getAttribute('aria-rowcount')).toBe('2505');
    const drawn = await lecteurs.rows().count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(60);
    expect(await lecteurs.rows().first().innerText()).toContain('ARNAUD');
    await shot('lecteurs.png');

    // The keyboard goes to the end: the last page is fetched and drawn, the first rows are gone.
    await lecteurs.rows().first().focus();
    await page.keyboard.press('End');
    const last = lecteurs.list().locator('tr[data-index="2503"]');
    await expect.poll(() => last.innerText()).toContain('ZYZOMYS');
    expect(await lecteurs.list().locator('tr[data-index="0"]').count()).toBe(0);
    expect(await lecteurs.rows().count()).toBeLessThan(60);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('2503');
  });

  it('finds LAPÈZE from "lapeze" and Cœur from "coeur", instantly and without accents', async () => {
    await lecteurs.search().fill('lapeze');
    await expect.poll(() => lecteurs.result().innerText()).toMatch(/^1 lecteur pour « lapeze »/);
    expect(await lecteurs.rows().allInnerTexts()).toEqual([expect.stringContaining('LAPÈZE')]);
    await lecteurs.search().fill('coeur');
    await expect.poll(() => lecteurs.rows().allInnerTexts()).toEqual([expect.stringContaining('Cœur')]);
    await lecteurs.search().fill('46F9000');
    await expect.poll(() => lecteurs.rows().count()).toBe(4);
    // Every Figeac card matches: the search stops at 1,000 and says so.
    await lecteurs.search().fill('46F');
    await page
      .getByRole('alert')
      .filter({ hasText: /Plus de 1\s000 résultats, précisez la recherche\./ })
      .waitFor();
    expect(await lecteurs.result().innerText()).toMatch(/^1\s000 résultats affichés, par ordre alphabétique/);
    expect(await lecteurs.list().getAttribute('aria-rowcount')).toBe('1001');
    await saveScreenshot(page, 'lecteurs-plus-de-1000.png');
    await lecteurs.search().fill('');
    await expect.poll(() => lecteurs.rows().first().innerText()).toContain('ARNAUD');
  });

  it('filters by EPCI and by registration', async () => {
    await page.getByRole('textbox', { name: 'EPCI', exact: true }).click();
    await page.getByRole('option', { name: 'CA du Grand Cahors' }).click();
    await expect.poll(() => lecteurs.result().innerText()).toMatch(/^4 lecteurs/);
    await page.getByText('Plus inscrits', { exact: true }).click();
    await expect.poll(() => lecteurs.result().innerText()).toMatch(/^0 lecteur\b/);
    await page.getByText('Tous', { exact: true }).click();
    await page.getByRole('textbox', { name: 'EPCI', exact: true }).click();
    // Picking the chosen EPCI again clears the filter.
    await page.getByRole('option', { name: 'CA du Grand Cahors' }).click();
    await expect.poll(() => lecteurs.rows().first().innerText()).toContain('ARNAUD');
  });

  it('reviews the possible duplicate side by side and records "Même personne"', async () => {
    await lecteurs.duplicatesOnly().check();
    await expect.poll(() => lecteurs.result().innerText()).toMatch(/^1 lecteur\b/);
    await lecteurs.rows().first().click();
    const dialog = lecteurs.dialog();
    await dialog.getByRole('heading', { name: 'Doublon possible : DUPRE François' }).waitFor();
    const card = dialog.getByRole('table', { name: 'Fiche du lecteur' });
    await expect.poll(() => card.innerText()).toContain(cahors.name);
    expect(await card.innerText()).toContain(figeac.name);
    expect(await card.innerText()).toContain('46A0002');
    expect(await card.innerText()).toMatch(/Naissance\s+03\/07\/1962\s+03\/07\/1962/);
    // Marked as the same, by the rule that paired them: accents and capitals aside.
    const weight = (text: string) =>
      card
        .getByRole('cell', { name: text, exact: true })
        .evaluate((cell) => getComputedStyle(cell).fontWeight);
    expect([await weight('DUPRE'), await weight('Dupré')]).toEqual(['600', '600']);
    expect(await weight('46A0002')).toBe('400');
    await shot('lecteurs-doublon.png', false);
    await dialog.getByRole('button', { name: 'Même personne' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Enregistré : même personne' }).waitFor();
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    await expect.poll(() => lecteurs.statValue('Personnes distinctes')).toBe(2503);
    await expect.poll(() => lecteurs.statValue('Lecteurs inscrits')).toBe(2504);
    await expect.poll(() => lecteurs.statValue('Doublons à examiner')).toBe(0);
    await expect.poll(() => lecteurs.result().innerText()).toMatch(/^0 lecteur\b/);
    await lecteurs.duplicatesOnly().uncheck();
  });
});

describe('the RGPD page', () => {
  it('previews the retention rule, then purges after confirmation', async () => {
    await nav('Conservation (RGPD)');
    const toDelete = page.getByRole('region', { name: 'Lecteurs à supprimer' });
    await expect.poll(() => toDelete.innerText()).toMatch(/\n3\n/);
    const cutoff = await page.getByRole('region', { name: 'Date limite' }).innerText();
    expect(cutoff).toMatch(new RegExp(`\\d{2}/\\d{2}/${year - 1}`));
    const sample = page.getByRole('table', { name: 'Exemples de lecteurs à supprimer' });
    expect(await sample.locator('tbody tr').count()).toBe(3);
    expect(await sample.innerText()).toContain(`15/01/${year - 3}`);
    const register = page.getByRole('region', { name: 'Registre des traitements' });
    const text = await register.innerText();
    for (const label of ['N° de carte', 'Date de naissance', 'Courriel', 'Date de fin d’abonnement']) {
      expect(text).toContain(label);
    }
    expect(text).toContain('accès gratuit à la médiathèque numérique');
    expect(text).toContain('puis 12 mois après la fin de son abonnement');
    expect(text).toContain('Les prêts');
    expect(text).toContain('sous-dossier « traités » : l’application ne les supprime pas');
    await shot('rgpd.png');

    // A longer rule, once saved, keeps them: the preview and the register follow.
    const months = page.getByRole('textbox', { name: 'Durée de conservation après la fin de l’abonnement' });
    const save = page.getByRole('button', { name: 'Enregistrer la règle' });
    expect(await save.isDisabled()).toBe(true);
    await months.fill('60');
    await save.click();
    await expect.poll(() => toDelete.innerText()).toMatch(/\n0\n/);
    expect(await register.innerText()).toContain('puis 60 mois');
    await months.fill('12');
    await page.getByRole('radio', { name: /gardés tant que leur bibliothèque/ }).check();
    await save.click();
    await expect.poll(() => toDelete.innerText()).toMatch(/\n3\n/);
    expect(await register.innerText()).toContain('il est gardé tant que sa bibliothèque ne le retire pas');
    await page.getByRole('button', { name: 'Supprimer 3 lecteurs…' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('Cette suppression ne peut pas être annulée.');
    await shot('rgpd-confirmation.png', false);
    await dialog.getByRole('button', { name: 'Supprimer 3 lecteurs' }).click();
    await page.getByRole('status').filter({ hasText: '3 lecteurs supprimés' }).waitFor();
    await expect.poll(() => toDelete.innerText()).toMatch(/\n0\n/);
  });
});

describe('the import history', () => {
  it('lists the three imports, the first undone, and undoes Figeac’s, keeping the reviewed duplicate', async () => {
    await nav('Historique des imports');
    const rows = page.getByRole('table', { name: /imports?, les plus récents/ }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const texts = await rows.allInnerTexts();
    expect(texts[0]).toContain('koha-figeac.csv');
    expect(texts[0]).toMatch(/2\s500/);
    expect(texts[2]).toContain('lecteurs-cahors.csv');
    expect(texts[2]).toMatch(/Annulé\s+le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\s+par Marie Dupont/);
    expect(texts[2]).toContain(staff);
    await shot('imports.png');

    await rows.first().getByRole('button', { name: 'Annuler l’import de koha-figeac.csv' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler l’import', exact: true }).click();
    const result = page.getByRole('status').filter({ hasText: 'Import annulé' });
    await result.waitFor();
    const text = await result.innerText();
    expect(text).toMatch(/2\s496 lecteurs retirés/);
    expect(text).toContain('1 lecteur modifié depuis l’import a été conservé tel quel');
    expect(text).toContain('DUPRE François — carte 46F90001');
    await expect.poll(() => rows.first().innerText()).toMatch(/Annulé\s+le/);
    await shot('imports-annulation.png');
  });

  it('ran without an error in the page console, and the service refused nothing', () => {
    expect(app.errors).toEqual([]);
    expect(app.refusals).toEqual([]);
  });
});
