import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type ContributionsApp, openWithFigeacConvention } from './contributions.setup.ts';
import type { ScenariosPage } from './scenarios.page.ts';

const dir = tempDir();
let app: ContributionsApp;
let page: Page;
let screen: ScenariosPage;
let errors: string[];
const thisYear = new Date().getFullYear();

beforeAll(async () => {
  app = await openWithFigeacConvention(dir, 'report-defaults.sqlite');
  ({ page, screen, errors } = app);
});

afterAll(() => app?.close());

describe('the report defaults, set in Réglages', () => {
  it('Rapports proposes next year until Réglages says otherwise', async () => {
    await screen.nav('Rapports');
    await page.getByRole('heading', { name: `Rapport de financement ${thisYear + 1}` }).waitFor();
  });

  it('are changed in Réglages and followed by Rapports and by the stored settings', async () => {
    await screen.nav('Réglages');
    const panel = page.getByRole('region', { name: 'Rapports par défaut' });
    await panel.waitFor();
    await screen.choose(panel, 'Année proposée', 'l’année en cours');
    await panel.getByRole('checkbox', { name: /garder une copie du rapport de financement/ }).uncheck();
    await panel.getByRole('button', { name: 'Enregistrer ces choix' }).click();
    await panel.getByRole('status').filter({ hasText: 'Réglage enregistré.' }).waitFor();
    await saveScreenshot(panel, 'reglages-rapports-par-defaut.png');
    expect((await app.api.call('settings.get', {})).reports).toEqual({ yearOffset: 0, keepCopy: false });

    await screen.nav('Rapports');
    await page.getByRole('heading', { name: `Rapport de financement ${thisYear}` }).waitFor();
    await saveScreenshot(page, 'rapports-annee-par-defaut.png');
    expect(errors).toEqual([]);
  });
});
