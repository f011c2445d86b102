import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type ContributionsApp, figeac, openWithFigeacConvention } from './contributions.setup.ts';
import type { ScenariosPage } from './scenarios.page.ts';

const dir = tempDir();
let app: ContributionsApp;
let page: Page;
let screen: ScenariosPage;
let errors: string[];

const year = new Date().getFullYear() + 1;

beforeAll(async () => {
  app = await openWithFigeacConvention(dir, 'rapports.sqlite');
  ({ page, screen, errors } = app);
});

afterAll(() => app?.close());

/** Clicks a button and returns the file it downloads. */
async function downloadFrom(button: ReturnType<Page['getByRole']>) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

describe('the Rapports screen', () => {
  it('opens from the navigation and lists the EPCI with a convention in 2027', async () => {
    await screen.nav('Rapports');
    await page.getByRole('heading', { name: 'Rapports', level: 2 }).waitFor();
    if (year !== 2027) await screen.choose(page, 'Année', '2027');
    const row = page.getByRole('table', { name: 'Appels de participation 2027' }).locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain(figeac.name);
  });

  it('downloads the financing workbook', async () => {
    const file = await downloadFrom(
      page.getByRole('button', { name: 'Télécharger le rapport de financement' }),
    );
    expect(file.name).toBe('rapport-de-financement-2027.xlsx');
    expect(file.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    // The browser host cannot show a folder: no button, a French note saying where it works.
    await page
      .getByText('Le bouton « Ouvrir le dossier » n’existe que dans l’application de bureau.', {
        exact: false,
      })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Ouvrir le dossier' }).count()).toBe(0);
  });

  it('downloads the statement of CC Grand-Figeac', async () => {
    const file = await downloadFrom(
      page.getByRole('button', { name: `Télécharger l’appel de participation — ${figeac.name}` }),
    );
    expect(file.name).toBe(`participation-2027-${figeac.siren}.xlsx`);
    expect(file.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('downloads the figures as CSV', async () => {
    const file = await downloadFrom(page.getByRole('button', { name: 'Télécharger le CSV' }));
    expect(file.name).toMatch(/\.csv$/);
    expect(file.bytes.toString('utf8').startsWith('\uFEFFEPCI;SIREN;')).toBe(true);
    await saveScreenshot(page, 'rapports.png', { fullPage: true });
  });

  it('downloads the Dossier BNR (2025 to 2027) and the survey figures of 2027', async () => {
    const dossier = await downloadFrom(page.getByRole('button', { name: 'Télécharger le dossier BNR' }));
    expect(dossier.name).toBe('dossier-bnr-2025-2027.xlsx');
    expect(dossier.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const survey = await downloadFrom(
      page.getByRole('button', { name: 'Télécharger les chiffres de l’enquête 2027' }),
    );
    expect(survey.name).toBe('enquete-ressources-numeriques-2027.xlsx');
    expect(survey.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('logged no unexpected console error', () => {
    expect(errors).toEqual([]);
  });
});
