import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';
import { type ImportWizardPage, windows1252 } from './import.page.ts';
import { LecteursPage } from './lecteurs.page.ts';
import { cahorsCsv, type ImportApp, openImportApp, staff } from './patron-import.setup.ts';

const dir = tempDir();
let app: ImportApp;
let page: Page;
let wizard: ImportWizardPage;
let lecteurs: LecteursPage;
let cahors: ImportApp['cahors'];
let nav: ImportApp['nav'];
let shot: ImportApp['shot'];
let cancels: boolean[];

beforeAll(async () => {
  app = await openImportApp(path.join(dir, 'import.sqlite'));
  ({ page, wizard, lecteurs, cahors, nav, shot, cancels } = app);
});

afterAll(async () => {
  await app?.close();
});

describe('importing a library’s patron file through the wizard, on a fresh database', () => {
  it('cancels the open import when it is abandoned, or when the wizard is left', async () => {
    await nav('Importer un fichier');
    await wizard.chooseLibrary(cahors.name);
    await wizard.pickFile('lecteurs-cahors.csv', cahorsCsv);
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    await wizard.abandon();
    await expect.poll(() => cancels).toEqual([true]);
    await page.getByRole('button', { name: 'Lire le fichier' }).waitFor();
    expect(await wizard.dropZone().innerText()).toContain('Aucun fichier choisi.');

    await wizard.pickFile('lecteurs-cahors.csv', cahorsCsv);
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    // Leaving asks first: staying keeps the import, leaving cancels it.
    await nav('Historique des imports');
    await page.getByRole('button', { name: 'Continuer l’import' }).click();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    expect(cancels).toEqual([true]);
    await nav('Historique des imports');
    await wizard.confirmLeaving();
    await expect.poll(() => cancels).toEqual([true, true]);
    expect(await page.getByText('Aucun import enregistré.').isVisible()).toBe(true);
  });

  it('step 1: takes a dropped file, then the picked one, for the chosen library', async () => {
    await nav('Importer un fichier');
    await page.getByRole('heading', { name: 'Importer un fichier de lecteurs' }).waitFor();
    expect(await page.getByRole('button', { name: 'Lire le fichier' }).isDisabled()).toBe(true);
    await wizard.chooseLibrary(cahors.name);
    await wizard.dropFile('glisse.csv', Buffer.from('a;b\n1;2\n'));
    await wizard.dropZone().getByText('Fichier choisi : glisse.csv').waitFor();
    await wizard.pickFile('lecteurs-cahors.csv', cahorsCsv);
    await wizard.dropZone().getByText('Fichier choisi : lecteurs-cahors.csv').waitFor();
    expect(await page.getByText('les lecteurs absents du fichier ne seront plus inscrits').isVisible()).toBe(
      true,
    );
    expect(await page.getByRole('radio', { name: /^Incrémental/ }).isChecked()).toBe(true);
    await shot('import-1-fichier.png');
    // While the file is read a progress bar says so. A small file is read in tens of milliseconds, quicker
    // than the bar can be looked for: its reading is held back here, as a large file's would last.
    const readHeld = '**/api/import.open';
    await page.route(readHeld, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('progressbar', { name: 'Lecture de « lecteurs-cahors.csv »' }).waitFor();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    await page.unroute(readHeld);
    expect(await page.getByRole('progressbar').count()).toBe(0);
  });

  it('step 2: preselects the suggested columns, and redraws the sample when the encoding changes', async () => {
    const expected: [string, string][] = [
      ['N° de carte', 'A · N° de carte'],
      ['Nom', 'B · Nom'],
      ['Prénom', 'C · Prénom'],
      ['Date de naissance', 'D · Date de naissance'],
      ['Année de naissance', '— ne pas importer —'],
      ['Courriel', 'E · Courriel'],
      ['Code postal', 'F · Code postal'],
      ['Commune', 'G · Ville'],
      ['Date d’inscription', 'H · Date d’inscription'],
      ['Date de fin d’abonnement', 'I · Date de fin d’abonnement'],
      ['Catégorie', 'J · Catégorie'],
    ];
    for (const [field, column] of expected)
      expect(await wizard.column(field).inputValue(), field).toBe(column);
    expect(await wizard.column('Encodage').inputValue()).toBe('Windows-1252 (CSV d’Excel sous Windows)');
    expect(await page.getByText('point-virgule ( ; )').isVisible()).toBe(true);
    const sample = wizard.sample();
    expect(await sample.innerText()).toContain('LAPÈZE');
    expect(await sample.innerText()).toContain('Cœur');

    await wizard.choose('Encodage', 'UTF-8');
    await expect.poll(() => sample.innerText()).toContain('LAP\uFFFDZE');
    expect(await sample.innerText()).not.toContain('LAPÈZE');
    await wizard.choose('Encodage', 'Windows-1252 (CSV d’Excel sous Windows)');
    await expect.poll(() => sample.innerText()).toContain('LAPÈZE');
    expect(await sample.innerText()).toContain('Émilie');
    await shot('import-2-colonnes.png');
  });

  it('step 3: counts per outcome, the rejected rows with their reasons', async () => {
    await page.getByRole('button', { name: 'Suivant : aperçu' }).click();
    await wizard.tab('Rejetés').waitFor();
    expect(await wizard.count('Nouveaux')).toBe(4);
    expect(await wizard.count('Rejetés')).toBe(2);
    expect(await wizard.count('Avertissements')).toBe(1);
    expect(await wizard.count('Doublons possibles')).toBe(0);
    expect(await wizard.tab('Rejetés').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => wizard.rows().count()).toBe(2);
    expect(await wizard.row(5).innerText()).toContain('Date de naissance invalide : « 31/02/1990 ».');
    expect(await wizard.row(6).innerText()).toContain('N° de carte 46A0002 déjà présent ligne 3 du fichier.');
  });

  it('step 3: fixing the impossible birth date re-validates the row and moves the counts', async () => {
    const cell = wizard.fix('Date de naissance', 5);
    expect(await cell.inputValue()).toBe('31/02/1990');
    await cell.fill('28/02/1990');
    await cell.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Ligne 5 corrigée' }).waitFor();
    await expect.poll(() => wizard.count('Rejetés')).toBe(1);
    expect(await wizard.count('Nouveaux')).toBe(5);
    const row = await wizard.row(5).innerText();
    expect(row).toContain('Nouveau');
    expect(row).toContain('28/02/1990');
    await shot('import-3-apercu.png');
  });

  it('step 3: excludes a row, then brings it back', async () => {
    await wizard.tab('Avertissements').click();
    await expect.poll(() => wizard.rows().count()).toBe(1);
    expect(await wizard.row(7).innerText()).toContain(
      'Courriel invalide, non enregistré : « luc.bernard@@free ».',
    );
    await page.getByRole('button', { name: 'Exclure la ligne 7' }).click();
    await expect.poll(() => wizard.count('Exclus')).toBe(1);
    expect(await wizard.count('Nouveaux')).toBe(4);
    await wizard.tab('Exclus').click();
    await page.getByRole('button', { name: 'Réintégrer la ligne 7' }).click();
    await expect.poll(() => wizard.count('Exclus')).toBe(0);
    expect(await wizard.count('Nouveaux')).toBe(5);
  });

  it('step 4: sums up, then saves the five patrons', async () => {
    await page.getByRole('button', { name: 'Suivant : confirmation' }).click();
    const summary = page.getByRole('region', { name: 'Ce qui sera enregistré' });
    await summary.waitFor();
    const text = await summary.innerText();
    expect(text).toContain(
      `Bibliothèque ${cahors.name} — fichier « lecteurs-cahors.csv » — import incrémental.`,
    );
    expect(text).toContain('5 nouveaux lecteurs à ajouter');
    expect(text).toContain('1 ligne rejetée');
    expect(await page.getByRole('textbox', { name: 'Nom du profil de colonnes' }).inputValue()).toBe(
      'défaut',
    );
    expect(await page.getByText(`L’import sera signé « ${staff} »`).isVisible()).toBe(true);
    await shot('import-3b-confirmation.png');
    await page.getByRole('button', { name: 'Enregistrer 5 lecteurs' }).click();
    await page.getByRole('status').filter({ hasText: 'Import enregistré' }).waitFor();
    await expect.poll(() => lecteurs.statValue('Nouveaux')).toBe(5);
    expect(await lecteurs.statValue('Rejetés')).toBe(1);
    expect(await lecteurs.statValue('Avertissements')).toBe(1);
    // Cahors does not take part in the service yet: its patrons are saved, and told to have no access.
    const noAccess = page.getByText('Ces lecteurs n’ont pas encore accès à la médiathèque numérique');
    expect(await noAccess.isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'sa fiche' }).getAttribute('href')).toBe(
      `#/bibliotheques/${cahors.id}`,
    );
    await shot('import-4-termine.png');
  });

  it('step 5: the report downloads as CSV (French headers, reasons) and as XLSX', async () => {
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Rapport CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('rapport-lecteurs-cahors.csv');
    const csvPath = path.join(dir, csv.suggestedFilename());
    await csv.saveAs(csvPath);
    const lines = fs
      .readFileSync(csvPath, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Ligne;N° de carte;Nom;Prénom;Statut;Motifs');
    expect(lines).toContain(
      '6;46A0002;Dupont;Paul;Rejetée;N° de carte 46A0002 déjà présent ligne 3 du fichier.',
    );
    expect(lines).toContain(
      '7;46A0006;Bernard;Luc;Importée avec avertissement;Courriel invalide, non enregistré : « luc.bernard@@free ».',
    );
    expect(lines).toHaveLength(3);

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Rapport Excel (.xlsx)' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe('rapport-lecteurs-cahors.xlsx');
    const xlsxPath = path.join(dir, xlsx.suggestedFilename());
    await xlsx.saveAs(xlsxPath);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxPath);
    const sheet = workbook.getWorksheet('Rapport');
    expect(sheet?.getRow(1).getCell(6).text).toBe('Motifs');
    expect(sheet?.getRow(2).getCell(6).text).toBe('N° de carte 46A0002 déjà présent ligne 3 du fichier.');
  });

  it('undoes the import after confirmation: the five patrons leave the Lecteurs list', async () => {
    // The list in a second tab, as staff would check it.
    const other = await page.context().newPage();
    app.watch(other);
    await other.goto(`${app.host.origin}/#/lecteurs?bibliotheque=${cahors.id}`);
    const list = new LecteursPage(other);
    await expect.poll(() => list.result().innerText()).toMatch(/^5 lecteurs/);
    expect(await list.rows().allInnerTexts()).toEqual([
      expect.stringContaining('Bernard'),
      expect.stringContaining('Cœur'),
      expect.stringContaining('Dupré'),
      expect.stringContaining('LAPÈZE'),
      expect.stringContaining('Martin'),
    ]);

    await page.getByRole('button', { name: 'Annuler cet import…' }).click();
    const dialog = wizard.dialog();
    expect(await dialog.innerText()).toContain('5 lecteurs ajoutés par cet import seront retirés.');
    await dialog.getByRole('button', { name: 'Annuler l’import', exact: true }).click();
    const done = page.getByRole('status').filter({ hasText: 'Import annulé' });
    await done.waitFor();
    expect(await done.innerText()).toContain('5 lecteurs retirés ; 0 lecteur rétabli');

    await other.reload();
    await expect.poll(() => list.result().innerText()).toMatch(/^0 lecteur\b/);
    expect(await list.rows().count()).toBe(0);
    await other.close();
  });
});

describe('with Cahors’ file imported again, through the API', () => {
  // The wizard's import was undone above: a full import needs patrons to leave out, and the library
  // page some to count.
  beforeAll(async () => {
    await app.importThroughApi(cahors.id, 'lecteurs-cahors.csv', cahorsCsv);
  });

  it('in full mode, lists in the preview the patrons the file no longer holds, then is abandoned', async () => {
    // Cahors' list without Lapèze and Cœur: a full import would mark them "plus inscrits".
    const shorter = windows1252(
      new TextDecoder('windows-1252')
        .decode(cahorsCsv)
        .split('\r\n')
        .filter((line) => !line.startsWith('46A0001;') && !line.startsWith('46A0003;'))
        .join('\r\n'),
    );
    await nav('Importer un fichier');
    // The wizard still shows the end of the undone import: start another.
    await page.getByRole('button', { name: 'Importer un autre fichier' }).click();
    await wizard.dropZone().getByText('Aucun fichier choisi.').waitFor();
    // The library stays chosen from the previous import.
    expect(await page.getByRole('textbox', { name: 'Bibliothèque', exact: true }).inputValue()).toContain(
      cahors.name,
    );
    await wizard.pickFile('lecteurs-cahors-complet.csv', shorter);
    await page.getByRole('radio', { name: /^Complet/ }).check();
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    await page.getByRole('button', { name: 'Suivant : aperçu' }).click();
    await expect.poll(() => wizard.count('Plus inscrits')).toBe(2);
    await wizard.tab('Plus inscrits').click();
    const table = page.getByRole('table', { name: 'Lecteurs qui ne seront plus inscrits' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    const text = await table.innerText();
    expect(text).toContain('46A0001');
    expect(text).toContain('LAPÈZE Émilie');
    expect(text).toContain('Cœur Anaïs');
    await shot('import-complet-plus-inscrits.png');
    // The file's rejected line names a patron too: the summary says such patrons stay registered.
    await page.getByRole('button', { name: 'Suivant : confirmation' }).click();
    const summary = page.getByRole('region', { name: 'Ce qui sera enregistré' });
    await expect
      .poll(() => summary.innerText())
      .toContain('2 lecteurs absents du fichier ne seront plus inscrits');
    expect(await summary.innerText()).toContain(
      'Un lecteur déjà inscrit dont la ligne est rejetée ou exclue reste inscrit, sans changement',
    );
    await shot('import-complet-confirmation.png');
    await wizard.abandon();
    await expect.poll(() => cancels.at(-1)).toBe(true);
  });

  describe('a library’s page', () => {
    it('counts its patrons and opens the wizard with the library already chosen', async () => {
      await nav('Bibliothèques');
      await page.getByRole('row', { name: new RegExp(cahors.name) }).click();
      const section = page.getByRole('region', { name: 'Lecteurs' });
      await expect.poll(() => section.innerText()).toContain('4 lecteurs inscrits — dernier import le');
      await shot('bibliotheque-lecteurs.png');
      await section.getByRole('link', { name: 'Importer un fichier de lecteurs' }).click();
      await page.getByRole('heading', { name: 'Importer un fichier de lecteurs' }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Bibliothèque', exact: true }).inputValue()).toBe(
        `${cahors.name} (Cahors)`,
      );
    });
  });
});

it('ran without an error in the page console, and the service refused nothing', () => {
  expect(app.errors).toEqual([]);
  expect(app.refusals).toEqual([]);
});
