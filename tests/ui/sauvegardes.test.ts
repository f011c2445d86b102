import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';
import { SauvegardesPage } from './sauvegardes.page.ts';

const dir = tempDir();
let app: HostPage;
let page: Page;
let api: Api;
let screen: SauvegardesPage;

beforeAll(async () => {
  // Created by the app itself: the list starts empty, as after a first start.
  app = await openHostPage(path.join(dir, 'sauvegardes.sqlite'), undefined, { fromScratch: true });
  ({ page, api } = app);
  await api.call('library.add', { name: 'Bibliothèque sauvegardée', commune: '46102', ils: 'koha' });
  screen = new SauvegardesPage(page);
  await screen.open(app.host.origin);
});

afterAll(() => app?.close());

describe('Réglages › Sauvegardes in Chromium', () => {
  it('starts empty and "Sauvegarder maintenant" adds a backup to the list', async () => {
    await page.getByText('Aucune sauvegarde pour l’instant.').waitFor();
    await screen.backupNow().click();
    await expect.poll(() => screen.rows().count()).toBe(1);
    expect(await screen.rows().first().innerText()).toContain('manuelle');
    expect(await screen.status().innerText()).toContain('sauvegardes');
  });

  it('restoring asks first, saying what will happen, and Annuler changes nothing', async () => {
    await api.call('library.add', { name: 'Bibliothèque ajoutée après', commune: '46042', ils: 'pmb' });
    await screen.restoreButtons().first().click();
    const text = await screen.dialog().innerText();
    expect(text).toContain('reviendra exactement à son état du');
    expect(text).toContain('disparaîtra');
    expect(text).toContain('la base actuelle est elle-même sauvegardée');
    await page.waitForTimeout(300); // the modal's fade-in
    await saveScreenshot(page, 'sauvegardes-confirmation.png');
    await screen.dialog().getByRole('button', { name: 'Annuler' }).click();
    await screen.dialog().waitFor({ state: 'hidden' });
    expect((await api.call('library.list', {})).length).toBe(2);
  });

  it('Restaurer puts the backup back and keeps the current database as a backup', async () => {
    await screen.restoreButtons().first().click();
    await screen.confirm().click();
    await screen.dialog().waitFor({ state: 'hidden' });
    await expect.poll(() => screen.status().innerText()).toContain('La base est revenue à l’état du');
    expect((await api.call('library.list', {})).map((l) => l.name)).toEqual(['Bibliothèque sauvegardée']);
    await expect.poll(() => screen.rows().count()).toBe(2);
    expect(await screen.rows().first().innerText()).toContain('avant une restauration');
    await saveScreenshot(page, 'sauvegardes.png', { fullPage: true });
  });

  it('logged no unexpected console error', () => {
    expect(app.errors).toEqual([]);
  });
});
