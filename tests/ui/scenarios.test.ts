import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grandFigeacScenarioConvention } from '../helpers/app.ts';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type ContributionsApp, figeac, openWithFigeacConvention } from './contributions.setup.ts';
import { plain, type ScenariosPage } from './scenarios.page.ts';

const dir = tempDir();
let app: ContributionsApp;
let page: Page;
let screen: ScenariosPage;
let errors: string[];

const scenarioName = 'Négociation Grand-Figeac';
const year = new Date().getFullYear() + 1;

beforeAll(async () => {
  app = await openWithFigeacConvention(dir, 'scenarios.sqlite');
  ({ page, screen, errors } = app);
});

afterAll(() => app?.close());

describe('contributions and scenarios through the screens', () => {
  it('shows the stored convention’s contribution for 2027, with its computation', async () => {
    await screen.nav('Participations');
    if (year !== 2027) await screen.choose(page, 'Année', '2027');
    const row = screen.contributionsRow(figeac.name);
    await expect.poll(async () => plain(await row.innerText())).toContain('6 879,43 €');
    const text = plain(await row.innerText());
    expect(text).toContain('45 489 totale 2022');
    expect(text).toContain('0,30 €/hab.');
    expect(plain(await screen.total(2027).innerText())).toBe('6 879,43 €');
    await page.getByRole('img', { name: 'Participation par EPCI en 2027' }).waitFor();
    await saveScreenshot(page, 'participations.png', { fullPage: true });

    await row.click();
    const steps = page.getByRole('dialog', { name: `Calcul — ${figeac.name}` });
    await steps.waitFor();
    expect(plain(await steps.innerText())).toContain('Montant dû : 6 879,43 €');
    await page.keyboard.press('Escape');
    await steps.waitFor({ state: 'hidden' });
  });

  it('builds a scenario in the page, with the schema’s French messages until it is complete', async () => {
    await screen.nav('Scénarios');
    await page.getByRole('button', { name: 'Nouveau scénario' }).click();
    await page.getByRole('textbox', { name: 'Nom du scénario' }).fill(scenarioName);
    await page.getByRole('textbox', { name: 'Année du scénario' }).fill('2027');
    await page.getByRole('button', { name: 'Ajouter une convention' }).click();
    const convention = screen.convention(1);
    // Not yet an EPCI nor a rate: said as what is left to fill in, not as errors.
    const alert = page.getByText('À compléter avant de comparer');
    await alert.waitFor();
    const region = page.getByRole('region', { name: 'Scénarios' });
    expect(plain(await region.innerText())).toContain('Convention 1 — Taux : à indiquer');
    expect(plain(await region.innerText())).not.toContain('Un SIREN compte 9 chiffres');
    // A wrong rate, once left: the shared schema's French message, on the field and in the summary.
    const rate = convention.getByRole('textbox', { name: 'Taux (€/hab.)' });
    await rate.fill('0,3 €/hab');
    await rate.blur();
    await expect
      .poll(async () => plain(await region.innerText()))
      .toContain('Convention 1 — Taux : Taux invalide');
    expect(await rate.getAttribute('aria-invalid')).toBe('true');
    await screen.choose(convention, 'EPCI', figeac.name);
    await rate.fill('0,35');
    expect(await rate.getAttribute('aria-invalid')).not.toBe('true');
    await screen.fillDate(convention, 'Début', '01/01/2027');
    await screen.choose(convention, 'Base', 'totale');
    await screen.choose(convention, 'Millésime', '2022');
    await page.getByText('Scénario valide').waitFor();
  });

  it('compares it with the current situation', async () => {
    if (year !== 2027) await screen.choose(page, 'Année comparée', '2027');
    const row = screen.comparisonRow(2027, figeac.name);
    await expect.poll(async () => plain(await row.innerText())).toContain('15 921,15 €');
    const text = plain(await row.innerText());
    expect(text).toContain('6 879,43 €');
    expect(text).toContain('+ 9 041,72 €');
    expect(plain(await screen.comparisonTotal(2027).innerText())).toContain('15 921,15 €');
    await saveScreenshot(page, 'scenarios-comparaison.png', { fullPage: true });
  });

  it('computes the sensitivity table locally with the shared engine', async () => {
    expect(await screen.sensitivityCell('0,30 €/hab.', 'juillet')).toBe('6 879,43');
    expect(await screen.sensitivityCell('0,35 €/hab.', 'janvier')).toBe('15 921,15');
    await saveScreenshot(screen.section('Graphiques'), 'scenarios-graphiques.png');
  });

  it('exports the scenario as JSON in the issue’s shape', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter en JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${scenarioName}.json`);
    const json = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as unknown;
    expect(json).toStrictEqual({
      name: scenarioName,
      year: 2027,
      conventions: [grandFigeacScenarioConvention('0.35')],
    });
  });

  it('exports the financing workbook', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter le classeur' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('refuses an invalid JSON file with the schema’s French messages, and imports a valid one', async () => {
    const input = page.locator('input[type=file]');
    await input.setInputFiles({
      name: 'faux.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({ name: '', year: 2027, conventions: [{ epci: '123', rate: 'x' }] }),
      ),
    });
    const refused = page.getByRole('alert').filter({ hasText: 'Fichier « faux.json » refusé' });
    await refused.waitFor();
    const text = plain(await refused.innerText());
    expect(text).toContain('Nom : Le scénario n’a pas de nom.');
    expect(text).toContain('Convention 1 — Taux : Taux invalide');

    await input.setInputFiles({
      name: 'autre.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          name: 'Grand-Figeac à 0,25',
          year: 2027,
          conventions: [
            {
              epci: figeac.siren,
              rate: '0.25',
              start: '2027-01-01',
              basis: 'totale',
              millesime: 2022,
              perimeter: 'epci',
              prorata: 'days',
            },
          ],
        }),
      ),
    });
    await refused.waitFor({ state: 'hidden' });
    // 45 489 × 0,25 = 11 372,25 €, compared next to the first scenario.
    await expect
      .poll(async () => plain(await screen.comparisonRow(2027, figeac.name).innerText()))
      .toContain('11 372,25 €');
  });

  it('keeps the scenarios in the database: they survive clearing the browser storage', async () => {
    // Stored as typing pauses: wait until the base holds the last edit.
    await expect
      .poll(async () => (await app.api.call('scenario.list', {})).map((s) => s.name).sort())
      .toEqual(['Grand-Figeac à 0,25', scenarioName]);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await screen.nav('Scénarios');
    await page.getByRole('button', { name: scenarioName, exact: true }).click();
    await page.getByRole('button', { name: 'Grand-Figeac à 0,25', exact: true }).waitFor();
    expect(await screen.convention(1).getByRole('textbox', { name: 'Taux (€/hab.)' }).inputValue()).toBe(
      '0,35',
    );
  });

  it('sets a status, duplicates, and removes a scenario after a confirmation', async () => {
    await screen.choose(page, 'Statut du scénario', 'présenté');
    await expect
      .poll(
        async () => (await app.api.call('scenario.list', {})).find((s) => s.name === scenarioName)?.status,
      )
      .toBe('presente');
    expect(plain(await screen.section('Scénarios').innerText())).toContain('Par Marie Dupont');
    await page.getByRole('textbox', { name: 'Notes' }).fill('Présenté au bureau communautaire.');
    await page.getByRole('button', { name: 'Dupliquer' }).click();
    const copy = `${scenarioName} (copie)`;
    await page.getByRole('button', { name: copy, exact: true }).waitFor();
    await saveScreenshot(page, 'scenarios.png', { fullPage: true });
    // The filled screen (badges, status selector, notes, four scenarios compared) passes axe too.
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.getByRole('button', { name: 'Supprimer le scénario' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer ce scénario ?' });
    await dialog.getByRole('button', { name: 'Supprimer le scénario' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: copy, exact: true }).waitFor({ state: 'hidden' });
    const stored = await app.api.call('scenario.list', {});
    expect(stored.map((s) => s.name).sort()).toEqual(['Grand-Figeac à 0,25', scenarioName]);
    expect(stored.find((s) => s.name === scenarioName)?.notes).toBe('Présenté au bureau communautaire.');
  });

  it('Rapports picks stored scenarios for the financing workbook', async () => {
    await screen.nav('Rapports');
    await screen.choose(page, 'Année', '2027');
    await page.getByRole('checkbox', { name: `${scenarioName} (2027, présenté)` }).check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger le rapport de financement' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const comparison = workbook.getWorksheet('Comparaison');
    const headers = ((comparison?.getRow(4).values ?? []) as unknown[]).map(String);
    expect(headers).toContain(scenarioName);
    expect(headers).not.toContain('Grand-Figeac à 0,25');
    await screen.nav('Scénarios');
  });

  it('stores the drafts an earlier version left in this browser, once, then forgets them there', async () => {
    const leaveDraft = () =>
      page.evaluate(() =>
        localStorage.setItem(
          'mednum.scenarios',
          JSON.stringify([{ id: 'old', name: 'Ancien brouillon', year: '2027', conventions: [] }]),
        ),
      );
    const stored = async () =>
      (await app.api.call('scenario.list', {})).filter((s) => s.name === 'Ancien brouillon').length;
    await leaveDraft();
    await page.reload();
    await page.getByRole('button', { name: 'Ancien brouillon', exact: true }).waitFor();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('mednum.scenarios'))).toBeNull();
    await page.reload();
    await page.getByRole('button', { name: 'Ancien brouillon', exact: true }).waitFor();
    expect(await stored()).toBe(1);
    // A window closed after storing a draft but before forgetting it: the next one does not store it again.
    await leaveDraft();
    await page.reload();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('mednum.scenarios'))).toBeNull();
    expect(await stored()).toBe(1);
  });

  it('logged no unexpected console error', () => {
    expect(errors).toEqual([]);
  });
});
