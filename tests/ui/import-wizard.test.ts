import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import { hostApi, launchChromium, screenshotDir, startAppHost } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { ImportWizardPage, windows1252 } from './import.page.ts';
import { LecteursPage } from './lecteurs.page.ts';

const dir = tempDir();
let browser: Browser;
let host: Awaited<ReturnType<typeof startAppHost>>;
let page: Page;
let api: Api;
let wizard: ImportWizardPage;
let lecteurs: LecteursPage;
const errors: string[] = [];
/** `method CODE` of every API call the service refused, in order. */
const refusals: string[] = [];
/** What each `import.cancel` answered: true when an open import was dropped. */
const cancels: boolean[] = [];

const staff = 'Marie Dupont';
const cahors = { name: 'Médiathèque de Cahors', id: '' };
const figeac = { name: 'Médiathèque de Figeac', id: '' };
const year = new Date().getFullYear();

const shot = (name: string, fullPage = true) =>
  page.screenshot({ path: path.join(screenshotDir, name), fullPage });
const nav = (label: string) =>
  page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: label, exact: true })
    .click();

/**
 * Cahors' export as Excel writes it on a French Windows: Windows-1252, `;`, CRLF, dd/mm/yyyy. Line 5 has
 * an impossible birth date, line 6 repeats line 3's card, line 7 has an e-mail that is no address.
 */
const cahorsCsv = windows1252(
  `${[
    'N° de carte;Nom;Prénom;Date de naissance;Courriel;Code postal;Ville;Date d’inscription;Date de fin d’abonnement;Catégorie',
    `46A0001;LAPÈZE;Émilie;12/03/1985;emilie.lapeze@orange.fr;46000;Cahors;05/01/${year - 1};05/01/${year + 2};Adulte`,
    `46A0002;Dupré;François;03/07/1962;f.dupre@free.fr;46100;Figeac;10/02/${year - 1};10/02/${year + 2};Senior`,
    `46A0003;Cœur;Anaïs;21/11/2012;;46090;Pradines;11/02/${year - 1};11/02/${year + 2};Enfant`,
    `46A0004;Martin;Jeanne;31/02/1990;jeanne.martin@orange.fr;46000;Cahors;12/02/${year - 1};12/02/${year + 2};Adulte`,
    `46A0002;Dupont;Paul;14/04/1977;paul.dupont@laposte.net;46000;Cahors;13/02/${year - 1};13/02/${year + 2};Adulte`,
    `46A0006;Bernard;Luc;30/09/1955;luc.bernard@@free;46300;Gourdon;14/02/${year - 1};14/02/${year + 2};Senior`,
  ].join('\r\n')}\r\n`,
);

/**
 * Figeac's Koha export: 2,500 patrons (UTF-8, `,`, ISO dates, names upper-cased), one of them François
 * Dupré, born the same day as Cahors' (a possible duplicate), three whose subscription ended years ago,
 * and ZYZOMYS Zoé, last in alphabetical order.
 */
function figeacCsv(): Buffer {
  const lastNames = ['ARNAUD', 'BLANC', 'CHEVALIER', 'DELMAS', 'ESCANDE', 'FAURE', 'GINESTET', 'HUGON'];
  const firstNames = ['Alice', 'Bruno', 'Camille', 'Denis', 'Elsa', 'Fabien', 'Gaëlle', 'Hugo', 'Inès'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const line = (card: string, last: string, first: string, birth: string, expiry: string) =>
    `${card},${last},${first},${birth},,46100,Figeac,${year - 1}-03-01,${expiry},ADULTE`;
  const rows = [
    'cardnumber,surname,firstname,dateofbirth,email,zipcode,city,dateenrolled,dateexpiry,categorycode',
  ];
  for (let i = 0; i < 2496; i += 1) {
    const last = `${lastNames[i % lastNames.length]}${i > 71 ? `-${Math.floor(i / 72)}` : ''}`;
    const birth = `${1940 + (i % 60)}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`;
    const expiry = i < 3 ? `${year - 3}-01-15` : `${year + 1}-03-01`;
    rows.push(
      line(`46F${String(i).padStart(5, '0')}`, last, firstNames[i % firstNames.length] ?? '', birth, expiry),
    );
  }
  rows.push(line('46F90001', 'DUPRE', 'François', '1962-07-03', `${year + 1}-03-01`));
  rows.push(line('46F90002', 'ZYZOMYS', 'Zoé', '1990-06-15', `${year + 1}-03-01`));
  rows.push(line('46F90003', 'MOREAU', 'Jean', '1971-05-20', `${year + 1}-03-01`));
  rows.push(line('46F90004', 'NOËL', 'Léa', '1999-12-25', `${year + 1}-03-01`));
  return Buffer.from(`${rows.join('\n')}\n`, 'utf8');
}

function watch(target: Page) {
  target.setDefaultTimeout(15_000);
  target.on('pageerror', (error) => errors.push(error.message));
  target.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every non-2xx answer of the API; they are checked through `refusals`.
    const refusal =
      message.text().startsWith('Failed to load resource') && message.location().url.includes('/api/');
    if (!refusal) errors.push(message.text());
  });
  target.on('response', async (response) => {
    if (response.url().endsWith('/api/import.cancel') && response.ok()) {
      const body = (await response.json()) as { value: { cancelled: boolean } };
      cancels.push(body.value.cancelled);
    }
    if (!response.url().includes('/api/') || response.ok()) return;
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    const method = decodeURIComponent(new URL(response.url()).pathname.slice(5));
    refusals.push(`${method} ${body?.error?.code ?? `HTTP ${response.status()}`}`);
  });
}

/** Imports a file through the API, as setup for the screens this file tests after the wizard. */
async function importThroughApi(libraryId: string, fileName: string, bytes: Buffer) {
  const session = await api.call('import.open', { libraryId, fileName, content: bytes.toString('base64') });
  return api.call('import.commit', { sessionId: session.sessionId });
}

beforeAll(async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  host = await startAppHost(path.join(dir, 'import.sqlite'));
  browser = await launchChromium();
  // A context of its own, so a second tab can share the session cookie.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  page = await context.newPage();
  watch(page);
  await page.goto(host.url);
  api = hostApi(page, host.origin);
  await api.call('settings.update', { staffName: staff });
  cahors.id = (await api.call('library.add', { name: cahors.name, commune: '46042', ils: 'orphee' })).id;
  figeac.id = (await api.call('library.add', { name: figeac.name, commune: '46102', ils: 'koha' })).id;
  // The staff name is read when the page loads.
  await page.reload();
  wizard = new ImportWizardPage(page);
  lecteurs = new LecteursPage(page);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('importing a library’s patron file through the wizard, on a fresh database', () => {
  it('cancels the open import when it is abandoned, or when the wizard is left', async () => {
    await nav('Importer un fichier');
    await wizard.chooseLibrary(cahors.name);
    await wizard.pickFile('lecteurs-cahors.csv', cahorsCsv);
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    await page.getByRole('button', { name: 'Abandonner l’import' }).click();
    await expect.poll(() => cancels).toEqual([true]);
    await page.getByRole('button', { name: 'Lire le fichier' }).waitFor();
    expect(await wizard.dropZone().innerText()).toContain('Aucun fichier choisi.');

    await wizard.pickFile('lecteurs-cahors.csv', cahorsCsv);
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    await nav('Historique des imports');
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
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    // The import worker starts and reads the file: a progress bar says so meanwhile.
    await page.getByRole('progressbar', { name: 'Lecture de « lecteurs-cahors.csv »' }).waitFor();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
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
    watch(other);
    await other.goto(`${host.origin}/#/lecteurs?bibliotheque=${cahors.id}`);
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

describe('the Lecteurs screen, with Cahors’ file and 2,500 patrons from Figeac', () => {
  it('is set up through the API: both files imported', async () => {
    const first = await importThroughApi(cahors.id, 'lecteurs-cahors.csv', cahorsCsv);
    expect(first.counts.created).toBe(4);
    const second = await importThroughApi(figeac.id, 'koha-figeac.csv', figeacCsv());
    expect(second.counts).toMatchObject({ created: 2500, rejected: 0, possibleDuplicates: 1 });
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
    await page.getByRole('button', { name: 'Abandonner l’import' }).click();
    await expect.poll(() => cancels.at(-1)).toBe(true);
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
    expect(await lecteurs.result().innerText()).toMatch(/^Les 1\s000 premiers résultats/);
    expect(await lecteurs.list().getAttribute('aria-rowcount')).toBe('1001');
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
    await shot('rgpd.png');

    // A longer rule keeps them: the preview follows.
    await page
      .getByRole('textbox', { name: 'Durée de conservation après la fin de l’abonnement' })
      .fill('60');
    await expect.poll(() => toDelete.innerText()).toMatch(/\n0\n/);
    expect(await register.innerText()).toContain('puis 60 mois');
    await page
      .getByRole('textbox', { name: 'Durée de conservation après la fin de l’abonnement' })
      .fill('12');
    await expect.poll(() => toDelete.innerText()).toMatch(/\n3\n/);

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
    expect(errors).toEqual([]);
    expect(refusals).toEqual([]);
  });
});
