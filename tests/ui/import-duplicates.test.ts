import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import { seriousAxeFindings } from '../helpers/axe.ts';
import {
  hostApi,
  launchChromium,
  openApp,
  saveScreenshot,
  signAs,
  startAppHost,
} from '../helpers/browser.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { ImportWizardPage } from './import.page.ts';
import { LecteursPage } from './lecteurs.page.ts';

const dir = tempDir();
const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', name));
let browser: Browser;
let host: Awaited<ReturnType<typeof startAppHost>>;
let page: Page;
let api: Api;
let wizard: ImportWizardPage;
let lecteurs: LecteursPage;
const errors: string[] = [];
const saintCere = { name: 'Médiathèque de Saint-Céré', id: '' };
const figeac = { name: 'Médiathèque de Figeac', id: '' };

const shot = (name: string, fullPage = true) => saveScreenshot(page, name, { fullPage });
const nav = (label: string) =>
  page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: label, exact: true })
    .click();

/** Figeac already has Julie Lacombe, whom Saint-Céré's next export lists twice. */
const figeacCsv = Buffer.from(
  'cardnumber,surname,firstname,dateofbirth,email,zipcode,city,dateenrolled,dateexpiry,categorycode\n' +
    '46F70001,LACOMBE,Julie,1990-08-08,,46100,Figeac,2025-03-01,2099-03-01,ADULTE\n',
  'utf8',
);

beforeAll(async () => {
  host = await startAppHost(path.join(dir, 'doublons.sqlite'));
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await openApp(page, host.url);
  api = hostApi(page, host.origin);
  await signAs(page, api, 'Marie Dupont');
  saintCere.id = (await api.call('library.add', { name: saintCere.name, commune: '46267', ils: 'pmb' })).id;
  figeac.id = (await api.call('library.add', { name: figeac.name, commune: '46102', ils: 'koha' })).id;
  for (const [libraryId, fileName, bytes] of [
    [figeac.id, 'koha-figeac.csv', figeacCsv],
    [saintCere.id, 'doublons-1.csv', fixture('doublons-1.csv')],
  ] as const) {
    const session = await api.call('import.open', { libraryId, fileName, content: bytes.toString('base64') });
    await api.call('import.commit', { sessionId: session.sessionId });
  }
  await page.reload();
  wizard = new ImportWizardPage(page);
  lecteurs = new LecteursPage(page);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('possible duplicates within a library and within a file, in the import wizard', () => {
  it('reads Saint-Céré’s next export: 7 new patrons, 1 modified, 5 possible duplicates', async () => {
    await nav('Importer un fichier');
    await wizard.chooseLibrary(saintCere.name);
    await wizard.pickFile('doublons-2.csv', fixture('doublons-2.csv'));
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    await page.getByRole('button', { name: 'Suivant : aperçu' }).click();
    await wizard.tab('Doublons possibles').waitFor();
    await expect.poll(() => wizard.count('Nouveaux')).toBe(7);
    expect(await wizard.count('Modifiés')).toBe(1);
    expect(await wizard.count('Doublons possibles')).toBe(5);
  });

  it('shows what an update changes, old → new', async () => {
    await wizard.tab('Modifiés').click();
    await expect.poll(() => wizard.rows().count()).toBe(1);
    const row = await wizard.row(2).innerText();
    expect(row).toContain('courriel : anne.vidal@orange.fr → anne.vidal@gmail.com');
    expect(row).toContain('fin d’abonnement : 02/09/2099 → 02/09/2098');
    await shot('import-doublons-modifies.png');
  });

  it('lists each possible duplicate with why and whom: the library, an earlier line, another library', async () => {
    await wizard.tab('Doublons possibles').click();
    await expect.poll(() => wizard.rows().count()).toBe(5);
    const texts = [
      [3, 'mêmes nom, prénom et date de naissance que le lecteur n°\u00a0D0001 de cette bibliothèque.'],
      [4, 'même courriel que le lecteur n°\u00a0D0004 de cette bibliothèque (Roques Paul).'],
      [
        5,
        `mêmes nom, prénom et date de naissance qu’un lecteur d’une autre bibliothèque (${figeac.name}, n°\u00a046F70001).`,
      ],
      [6, 'mêmes nom, prénom et date de naissance que la ligne 5 du fichier (n°\u00a0D1003).'],
      [9, 'même courriel que la ligne 8 du fichier (Martel Sophie, n°\u00a0D1006).'],
    ] as const;
    for (const [line, text] of texts)
      expect(await wizard.row(line).innerText()).toContain(`Doublon possible : ${text}`);
    // The namesake born a year later, with her family's e-mail, is not among them.
    expect(await wizard.rows().allInnerTexts()).not.toContainEqual(expect.stringContaining('D1005'));
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shot('import-doublons-apercu.png');
  });

  it('reviews them one by one with « Suivant », side by side, and excludes one', async () => {
    await page.getByRole('button', { name: 'Examiner un à un' }).click();
    const review = wizard.duplicateReview();
    await review.getByText('Doublon 1 sur 5 — ligne 3').waitFor();
    const table = wizard.comparison();
    expect(await table.innerText()).toMatch(/Nom\s+FABRE\s+Fabre/);
    expect(await table.innerText()).toMatch(/Naissance\s+14\/05\/1972\s+14\/05\/1972/);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shot('import-doublons-examen.png', false);

    await review.getByRole('button', { name: 'Suivant' }).click();
    await review.getByText('Doublon 2 sur 5 — ligne 4').waitFor();
    expect(await table.innerText()).toMatch(
      /Courriel\s+paul\.roques@laposte\.net\s+paul\.roques@laposte\.net/,
    );
    await review.getByRole('button', { name: 'Suivant' }).click();
    await review.getByText('Doublon 3 sur 5 — ligne 5').waitFor();
    expect(await table.innerText()).toContain(`Déjà inscrit : ${figeac.name}`);
    await review.getByRole('button', { name: 'Suivant' }).click();
    await review.getByText('Doublon 4 sur 5 — ligne 6').waitFor();
    expect(await table.innerText()).toContain('Ligne 5 du fichier');

    // Julie Lacombe's second card is left out: the last one takes its place, and is the last.
    await review.getByRole('button', { name: 'Exclure cette ligne' }).click();
    await review.getByRole('status').filter({ hasText: 'Ligne 6 exclue' }).waitFor();
    await review.getByText('Doublon 4 sur 4 — ligne 9').waitFor();
    expect(await review.getByRole('button', { name: 'Suivant' }).isDisabled()).toBe(true);
    await shot('import-doublons-examen-fin.png', false);
    await review.getByRole('button', { name: 'Fermer' }).click();
    await expect.poll(() => wizard.count('Doublons possibles')).toBe(4);
    expect(await wizard.count('Exclus')).toBe(1);
    expect(await wizard.count('Nouveaux')).toBe(6);
  });

  it('saves them flagged, to review in « Lecteurs »', async () => {
    await page.getByRole('button', { name: 'Suivant : confirmation' }).click();
    const summary = page.getByRole('region', { name: 'Ce qui sera enregistré' });
    expect(await summary.innerText()).toContain('4 doublons possibles signalés');
    await page.getByRole('button', { name: /^Enregistrer \d+ lecteurs$/ }).click();
    await page.getByRole('status').filter({ hasText: 'Import enregistré' }).waitFor();
    await expect.poll(() => lecteurs.statValue('Doublons possibles')).toBe(4);
  });
});

describe('the review of possible duplicates in « Lecteurs »', () => {
  it('steps from one to the next with « Suivant », deciding some, until none is left', async () => {
    await nav('Lecteurs');
    await expect.poll(() => lecteurs.statValue('Doublons à examiner')).toBe(4);
    await lecteurs.duplicatesOnly().check();
    await expect.poll(() => lecteurs.result().innerText()).toMatch(/^4 lecteurs/);
    await lecteurs.rows().first().click();
    const dialog = lecteurs.dialog();
    await dialog.getByRole('heading', { name: 'Doublon possible : FABRE Mireille' }).waitFor();
    await dialog
      .getByText(
        'Mêmes nom, prénom et date de naissance qu’un lecteur de la même bibliothèque, sous une autre carte.',
      )
      .waitFor();
    const card = dialog.getByRole('table', { name: 'Fiche du lecteur' });
    await expect.poll(() => card.innerText()).toMatch(/N° de carte\s+D1001\s+D0001/);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shot('lecteurs-doublons-suivant.png', false);

    await dialog.getByRole('button', { name: 'Même personne' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Enregistré : même personne' }).waitFor();
    await dialog.getByRole('button', { name: 'Suivant' }).click();
    await dialog.getByRole('heading', { name: 'Doublon possible : Lacombe Julie' }).waitFor();
    await dialog.getByText(/d’une autre bibliothèque/).waitFor();
    await expect.poll(() => card.innerText()).toContain(figeac.name);

    // Left undecided: « Suivant » goes on to the others.
    await dialog.getByRole('button', { name: 'Suivant' }).click();
    await dialog.getByRole('heading', { name: 'Doublon possible : Martel-Cayla Sophie' }).waitFor();
    await dialog
      .getByText('Même courriel qu’un lecteur de la même bibliothèque, sous une autre carte.')
      .waitFor();
    await dialog.getByRole('button', { name: 'Personnes différentes' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Enregistré : personnes différentes' }).waitFor();
    await dialog.getByRole('button', { name: 'Suivant' }).click();
    await dialog.getByRole('heading', { name: 'Doublon possible : Rocques Paul' }).waitFor();
    await expect
      .poll(() => card.innerText())
      .toMatch(/Courriel\s+paul\.roques@laposte\.net\s+paul\.roques@laposte\.net/);
    await dialog.getByRole('button', { name: 'Suivant' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Plus aucun doublon à examiner.' }).waitFor();
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    await expect.poll(() => lecteurs.statValue('Doublons à examiner')).toBe(2);
    await expect.poll(() => lecteurs.result().innerText()).toMatch(/^2 lecteurs/);
  });

  it('ran without an error in the page console', () => {
    expect(errors).toEqual([]);
  });
});
