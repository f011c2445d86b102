import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hostApi, launchChromium, openApp, signAs, startAppHost } from '../helpers/browser.ts';
import { ScenariosPage } from './scenarios.page.ts';

export const figeac = { siren: '200067361', name: 'CC Grand-Figeac' };

export interface ContributionsApp {
  browser: Browser;
  host: Awaited<ReturnType<typeof startAppHost>>;
  page: Page;
  screen: ScenariosPage;
  /** The app's API as the page reaches it (checks of what the screens stored). */
  api: ReturnType<typeof hostApi>;
  /** Page errors and console errors, checked empty at the end of each file. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * The app in Chromium on a fresh database, with a staff name and Grand-Figeac's convention (0,30 € from
 * 1 July 2027, totale 2022, whole EPCI, days: 6 879,43 € in 2027) — the setting of the contributions tests.
 */
export async function openWithFigeacConvention(dir: string, databaseName: string): Promise<ContributionsApp> {
  const host = await startAppHost(path.join(dir, databaseName));
  const browser = await launchChromium();
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
    acceptDownloads: true,
  });
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await openApp(page, host.url);
  const api = hostApi(page, new URL(host.url).origin);
  await signAs(page, api, 'Marie Dupont');
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
  return {
    browser,
    host,
    page,
    screen: new ScenariosPage(page),
    api,
    errors,
    async close() {
      await browser.close();
      await host.close();
    },
  };
}
