import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { FenetrePage } from './fenetre.page.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';

const dir = tempDir();
let app: HostPage;
let page: Page;
let api: Api;
let screen: FenetrePage;

beforeAll(async () => {
  app = await openHostPage(path.join(dir, 'fenetre.sqlite'));
  ({ page, api } = app);
  await api.call('library.add', { name: 'Médiathèque de Figeac', commune: '46102', ils: 'koha' });
  screen = new FenetrePage(page);
});

afterAll(() => app?.close());

describe('the window, in the browser host', () => {
  it('a CSV dropped anywhere (here on Collectivités) opens the import wizard with the file chosen', async () => {
    await page.getByRole('heading', { name: 'Collectivités', level: 2 }).waitFor();
    await screen.dropFile(path.join(repoRoot, 'tests', 'fixtures', 'import', 'koha.csv'), 'koha.csv');
    await page.waitForURL(/#\/imports\/nouveau$/);
    await expect.poll(() => screen.chosenFile().innerText()).toContain('koha.csv');
    await saveScreenshot(page, 'fichier-depose.png');
  });

  it('anything else dropped is ignored, and the page never navigates to it', async () => {
    await page.goto(`${app.host.origin}/#/journal`);
    await page.getByRole('heading', { name: 'Journal', level: 2 }).waitFor();
    await screen.dropFile(
      path.join(repoRoot, 'tests', 'fixtures', 'import', 'malformed', 'document.pdf'),
      'document.pdf',
    );
    expect(page.url()).toMatch(/#\/journal$/);
  });

  it('without the desktop’s native dialog, "Choisir un fichier…" is the page’s own file input', async () => {
    await page.goto(`${app.host.origin}/#/imports/nouveau`);
    await page.getByRole('button', { name: 'Choisir un fichier…' }).waitFor();
    expect(await page.locator('input[type=file]').count()).toBe(1);
  });

  it('Réglages › Exporter un diagnostic writes the folder and says where', async () => {
    await page.goto(`${app.host.origin}/#/reglages`);
    await screen.exportDiagnostic().click();
    await screen.diagnosticStatus().waitFor();
    const folder = (await screen.diagnosticStatus().locator('code').innerText()).trim();
    expect(fs.existsSync(path.join(folder, 'versions.json'))).toBe(true);
    await screen.diagnosticStatus().scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'diagnostic.png');
  });

  it('logged no unexpected console error', () => {
    expect(app.errors).toEqual([]);
  });
});
