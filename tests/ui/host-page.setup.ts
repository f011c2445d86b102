import type { Browser, Page } from 'playwright-core';
import type { Api } from '../../shared/api.ts';
import { hostApi, launchChromium, openApp, signAs, startAppHost } from '../helpers/browser.ts';

export interface HostPage {
  host: Awaited<ReturnType<typeof startAppHost>>;
  browser: Browser;
  page: Page;
  /** The host's API with the page's session, for setting up data the test is not about. */
  api: Api;
  /** Page errors and console errors, which a test expects to stay empty. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh database behind the browser host, Chromium on it in French, a staff name set. */
export async function openHostPage(
  databasePath: string,
  staffName = 'Claire Agent',
  options: { fromScratch?: boolean } = {},
): Promise<HostPage> {
  const host = await startAppHost(databasePath, options);
  const browser = await launchChromium();
  // Reduced motion, as the app honours it: dialogs appear at once, and what a test reads is settled.
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await openApp(page, host.url);
  const api = hostApi(page, host.origin);
  await signAs(page, api, staffName);
  return {
    host,
    browser,
    page,
    api,
    errors,
    async close() {
      await browser.close();
      await host.close();
    },
  };
}
