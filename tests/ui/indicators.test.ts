import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostApi, launchChromium, screenshotDir, startAppHost } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { plain, ScenariosPage } from './scenarios.page.ts';

const dir = tempDir();
let browser: Browser;
let host: Awaited<ReturnType<typeof startAppHost>>;
let page: Page;
let screen: ScenariosPage;
const errors: string[] = [];

const figeac = { siren: '200067361', name: 'CC Grand-Figeac' };
const year = new Date().getFullYear() + 1;

beforeAll(async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  host = await startAppHost(path.join(dir, 'indicators.sqlite'));
  browser = await launchChromium();
  page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  screen = new ScenariosPage(page);
  await page.goto(host.url);
  const api = hostApi(page, new URL(host.url).origin);
  await api.call('settings.update', { staffName: 'Marie Dupont' });
  await api.call('convention.add', {
    epci: figeac.siren,
    start: '2027-07-01',
    rate: '0.30',
    basis: 'totale',
    millesime: 2022,
    perimeter: 'epci',
    prorata: 'days',
  });
  await page.reload();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('service cost and indicators on the Participations screen', () => {
  const section = () => page.getByRole('region', { name: 'Coût du service et indicateurs' });
  const stat = (label: string) => section().getByRole('region', { name: label, exact: true });

  it('adds a cost line through the form and shows the Département’s share', async () => {
    await screen.nav('Participations');
    if (year !== 2027) await screen.choose(page, 'Année', '2027');
    await expect.poll(async () => plain(await screen.total(2027).innerText())).toBe('6 879,43 €');
    await section().getByText('Aucune ligne de coût enregistrée pour 2027.').waitFor();

    const form = page.getByRole('form', { name: 'Ajouter une ligne de coût' });
    await form.getByRole('textbox', { name: 'Fournisseur' }).fill('Cantook');
    await form.getByRole('textbox', { name: 'Libellé' }).fill('Livres numériques');
    await screen.choose(form, 'Tarification', 'par crédit de consultation');
    await form.getByRole('textbox', { name: 'Montant (€)' }).fill('30 000');
    await form.getByRole('button', { name: 'Ajouter la ligne' }).click();

    const row = page
      .getByRole('table', { name: 'Coût du service 2027' })
      .locator('tbody tr')
      .filter({ hasText: 'Cantook' });
    await expect.poll(async () => plain(await row.innerText())).toContain('30 000,00 €');
    expect(plain(await row.innerText())).toContain('par crédit de consultation');
    await expect
      .poll(async () => plain(await stat('Part du Département').innerText()))
      .toContain('23 120,57 €');
    expect(plain(await stat('Coût du service').innerText())).toContain('30 000,00 €');
    expect(plain(await stat('Participations des EPCI').innerText())).toContain('6 879,43 €');
    expect(await form.getByRole('textbox', { name: 'Fournisseur' }).inputValue()).toBe('');

    const epciRow = page
      .getByRole('table', { name: 'Indicateurs par EPCI 2027' })
      .locator('tbody tr')
      .filter({ hasText: figeac.name });
    expect(plain(await epciRow.innerText())).toContain('6 879,43 €');
    await page.getByRole('img', { name: 'Département / EPCI : répartition du coût 2027' }).waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'participations-indicateurs.png'),
      fullPage: true,
    });
  });

  it('removes the line after confirmation, and the indicators follow', async () => {
    await page.getByRole('button', { name: 'Supprimer la ligne Cantook — Livres numériques' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer cette ligne de coût ?' });
    await dialog.getByRole('button', { name: 'Supprimer la ligne' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await section().getByText('Aucune ligne de coût enregistrée pour 2027.').waitFor();
    await expect.poll(async () => plain(await stat('Coût du service').innerText())).toContain('0,00 €');
    expect(plain(await stat('Part du Département').innerText())).toContain('− 6 879,43 €');
    expect(plain(await stat('Part du Département').innerText())).toContain(
      'Les participations dépassent le coût',
    );
  });

  it('logged no unexpected console error', () => {
    expect(errors).toEqual([]);
  });
});
