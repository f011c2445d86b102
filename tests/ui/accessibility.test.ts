import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quercyBlanc } from '../helpers/app.ts';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { allowedOnScreens, forbiddenWordsIn } from '../helpers/forbidden-words.ts';
import { tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';
import { ImportWizardPage } from './import.page.ts';

/**
 * Every screen as a librarian reaches it, checked by axe-core (WCAG 2.1 A and AA rules) in Chromium:
 * a serious or critical finding fails the test with the rule, the element and axe's own help; and its
 * text, for developer wording (tests/helpers/forbidden-words.ts).
 */
const screens = [
  ['Collectivités', '/collectivites'],
  ['Une collectivité (CC Grand-Figeac)', '/collectivites/200067361'],
  ['Bibliothèques', '/bibliotheques'],
  ['Une bibliothèque', '/bibliotheques/:library'],
  ['Lecteurs', '/lecteurs'],
  ['Conservation (RGPD)', '/lecteurs/rgpd'],
  ['Historique des imports', '/imports'],
  ['Importer un fichier', '/imports/nouveau'],
  ['Participations', '/contributions'],
  ['Scénarios', '/scenarios'],
  ['Rapports', '/rapports'],
  ['Usages', '/usages'],
  ['Indicateurs', '/indicateurs'],
  ['Journal', '/journal'],
  ['Conflits', '/conflits'],
  ['Réglages', '/reglages'],
] as const;

let app: HostPage;
let libraryId: string;

beforeAll(async () => {
  app = await openHostPage(path.join(tempDir(), 'accessibilite.sqlite'));
  libraryId = (
    await app.api.call('library.add', { name: 'Médiathèque de Figeac', commune: '46102', ils: 'koha' })
  ).id;
  // A territory in negotiation: its status is the widest badge of the Collectivités list.
  for (const status of ['in_discussion', 'convention_drafted'] as const)
    await app.api.call('epci.setStatus', { siren: quercyBlanc, status });
  await app.page.reload();
});
afterAll(() => app?.close());

describe('accessibility of every screen (axe-core, WCAG 2.1 AA)', () => {
  it.each(screens)('%s', async (_name, route) => {
    await app.page.goto(`${app.host.origin}/#${route.replace(':library', libraryId)}`);
    await app.page.getByRole('heading', { level: 2 }).first().waitFor();
    // Data-driven parts settle (lists, stats) before the check.
    await app.page.waitForLoadState('networkidle');
    expect(await seriousAxeFindings(app.page)).toEqual([]);
    // Nothing wider than the 1280-pixel window (a 15-inch laptop at 150 %): no screen scrolls sideways.
    expect(await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    // No developer wording where staff read (the list the generated documents are checked against).
    expect(forbiddenWordsIn([await app.page.locator('body').innerText()], allowedOnScreens)).toEqual([]);
  });

  // The main dialogs, each opened as staff open it, checked with the page behind it.
  it.each([
    ['Ajouter une bibliothèque', '/bibliotheques', null, 'Ajouter une bibliothèque'],
    ['Ajouter un contact', '/collectivites/200067361', /^Contacts/, 'Ajouter un contact'],
    ['Ajouter une convention', '/collectivites/200067361', /^Conventions/, 'Ajouter une convention'],
    ['Changer le statut', '/collectivites/200067361', null, 'En discussion'],
  ] as const)('the dialog « %s »', async (_name, route, tab, button) => {
    await app.page.goto(`${app.host.origin}/#${route}`);
    await app.page.getByRole('heading', { level: 2 }).first().waitFor();
    await app.page.waitForLoadState('networkidle');
    if (tab) await app.page.getByRole('tab', { name: tab }).click();
    await app.page.getByRole('button', { name: button, exact: true }).first().click();
    await app.page.getByRole('dialog').waitFor();
    expect(await seriousAxeFindings(app.page)).toEqual([]);
    expect(forbiddenWordsIn([await app.page.getByRole('dialog').innerText()], allowedOnScreens)).toEqual([]);
    await app.page.keyboard.press('Escape');
    await app.page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  // Steps whose content only a file brings: the file's first lines, wider than the window; a refused
  // e-mail, shown as read, in red, on a striped row; each outcome's tab.
  it('the import wizard, from the file to the confirmation, with a wide file and refused values', async () => {
    const page = app.page;
    const wizard = new ImportWizardPage(page);
    await page.goto(`${app.host.origin}/#/imports/nouveau`);
    await wizard.chooseLibrary('Médiathèque de Figeac');
    // A file that is not a table first: refused in French, under a title that says what is wrong.
    const fixtures = path.join(import.meta.dirname, '../fixtures/import');
    await wizard.pickFile('document.pdf', fs.readFileSync(path.join(fixtures, 'malformed/document.pdf')));
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Fichier illisible' });
    await refused.waitFor();
    expect(await refused.innerText()).toContain('« document.pdf » est un document PDF, pas un tableau');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await wizard.pickFile('francais-excel.csv', fs.readFileSync(path.join(fixtures, 'francais-excel.csv')));
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('heading', { name: 'Correspondance des colonnes' }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    // The file's first lines scroll sideways from the keyboard.
    const sample = page.getByRole('region', { name: 'Début du fichier', exact: true });
    await sample.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => sample.evaluate((box) => box.scrollLeft)).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Suivant : aperçu' }).click();
    await page.getByRole('button', { name: 'Suivant : confirmation' }).waitFor();
    let refusedShown = 0;
    for (const tab of await page.getByRole('tab').all()) {
      await tab.click();
      await page.waitForLoadState('networkidle');
      expect(await seriousAxeFindings(page), await tab.innerText()).toEqual([]);
      refusedShown += await page.getByTitle('Valeur refusée').count();
    }
    expect(refusedShown).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Suivant : confirmation' }).click();
    await page.getByRole('button', { name: /^Enregistrer/ }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(forbiddenWordsIn([await page.locator('main').innerText()], allowedOnScreens)).toEqual([]);
    await wizard.abandon();
  });

  it('an unknown address says so in French, with the way back, and no developer page', async () => {
    await app.page.goto(`${app.host.origin}/#/ancienne-adresse`);
    await app.page.getByRole('heading', { name: 'Page introuvable', level: 2 }).waitFor();
    const text = await app.page.locator('main').innerText();
    expect(text).toContain('L’adresse « /ancienne-adresse » ne correspond à aucun écran');
    expect(text).not.toMatch(/developer|404 Not Found/i);
    await app.page.getByRole('link', { name: 'Revenir aux collectivités' }).click();
    await app.page.getByRole('heading', { name: 'Collectivités', level: 2 }).waitFor();
    expect(await seriousAxeFindings(app.page)).toEqual([]);
  });

  it('the commune picker: « figeac », then ↓ and Entrée, picks Figeac (keyboard only)', async () => {
    const page = app.page;
    await page.goto(`${app.host.origin}/#/bibliotheques`);
    await page.getByRole('button', { name: 'Ajouter une bibliothèque' }).click();
    const commune = page.getByRole('dialog').getByRole('textbox', { name: 'Commune', exact: true });
    await commune.fill('figeac');
    await commune.press('ArrowDown');
    await commune.press('Enter');
    await expect.poll(() => commune.inputValue()).toMatch(/^Figeac \(/);
    await commune.fill('cahors');
    await commune.press('ArrowDown');
    await commune.press('Enter');
    await expect.poll(() => commune.inputValue()).toMatch(/^Cahors \(/);
    await page.keyboard.press('Escape');
  });
});
