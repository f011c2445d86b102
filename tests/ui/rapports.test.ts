import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostApi, launchChromium, screenshotDir, startAppHost } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { ScenariosPage } from './scenarios.page.ts';

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
  host = await startAppHost(path.join(dir, 'rapports.sqlite'));
  browser = await launchChromium();
  page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
    acceptDownloads: true,
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
    await page.screenshot({ path: path.join(screenshotDir, 'rapports.png'), fullPage: true });
  });

  it('logged no unexpected console error', () => {
    expect(errors).toEqual([]);
  });
});
