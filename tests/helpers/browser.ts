import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { startHost } from '../../electron/host/server.ts';
import { startCore } from '../../electron/services/core/client.ts';
import { workerCorePort } from '../../electron/services/core/worker-port.ts';
import { stagingDirFor } from '../../electron/services/import/staged-files.ts';
import { type Api, createApi, type Envelope } from '../../shared/api.ts';
import { chromiumArgs, chromiumEnv, chromiumPath } from './chromium.ts';
import { placeSeededDatabase } from './seeded-database.ts';
import { repoRoot } from './temp.ts';

export const screenshotDir = path.join(repoRoot, 'tests', 'output');

/**
 * What a test shows, saved as a PNG in tests/output for a person to open and look at: a page (whole, with
 * `fullPage`) or one of its parts. Not under CI, where nobody opens them: the run's ninety-odd captures were
 * 15 s of Chromium's work.
 */
export async function saveScreenshot(
  target: Page | Locator,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (process.env.CI) return;
  const file = path.join(screenshotDir, name);
  await ('goto' in target
    ? target.screenshot({ path: file, ...options })
    : target.screenshot({ path: file }));
}

/** The built renderer the tests serve; RENDERER_DIR points at another build (e.g. one built aside). */
export const rendererDir = path.resolve(repoRoot, process.env.RENDERER_DIR ?? 'dist/renderer');

/**
 * A connection to its worker's Chromium (setup/shared-chromium.ts), or a browser of its own when the file
 * runs without one. Either way the file works in its own contexts (`newPage`), and `close()` ends only
 * what it opened.
 */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium introuvable (${chromiumPath}) : installez-le (apt-get install -y chromium) ou réglez CHROMIUM_PATH.`,
    );
  }
  // None without setup/shared-chromium.ts (a config of one's own): the file then launches its browser.
  const endpoints = inject('chromiumEndpoints') ?? [];
  const shared = endpoints[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % endpoints.length];
  // isLocal: the browser shares this file system, so files of any size are chosen by path (big-import).
  if (shared) return chromium.connectOverCDP(shared, { isLocal: true });
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, env: chromiumEnv });
}

/**
 * The app as a browser sees it: a real SQLite file, the real handlers, the built renderer, the real host.
 * A new file starts as a seeded copy unless `fromScratch` (see openTestApp).
 */
export async function startAppHost(databasePath: string, options: { fromScratch?: boolean } = {}) {
  const staticRoot = rendererDir;
  if (!fs.existsSync(path.join(staticRoot, 'index.html'))) {
    throw new Error('Le renderer n’est pas construit : lancez « npm run build » (npm test le fait).');
  }
  if (!options.fromScratch) await placeSeededDatabase(databasePath);
  // As `npm run dev:web` runs it: the services in their core (a worker thread), the host serving HTTP.
  const core = await startCore(workerCorePort(), {
    databasePath,
    version: 'test',
    prepareImportWorker: true,
  });
  const host = await startHost({
    gate: core.gate,
    unexpected: core,
    staticRoot,
    uploadDir: stagingDirFor(core.databasePath),
  });
  return {
    ...host,
    async close() {
      await host.close();
      await core.close();
    },
  };
}

/**
 * The host's API from a test, with the page's session cookie (`page.request` shares the browser
 * context's cookies): for setting up data the test is not about. Calls do not appear in the page console.
 */
export function hostApi(page: Page, origin: string): Api {
  return createApi(async (method, input) => {
    const response = await page.request.post(`${origin}/api/${encodeURIComponent(method)}`, {
      headers: { 'x-mednum-request': '1' },
      data: input ?? {},
    });
    return (await response.json()) as Envelope<never>;
  });
}

/**
 * Opens the app at the host's address (with its token) and waits for the first screen. Its redirect
 * (/ → /collectivites) runs after the load event: a test that navigated before it was sent back.
 */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForURL(/#\/collectivites$/);
  await page.getByRole('heading', { level: 2, name: 'Collectivités' }).waitFor();
}

/**
 * Sets the staff name as Réglages does, then reloads: the header reads the name once, when the app opens,
 * and screenshots should show « Signé … », not « Nom non renseigné ».
 */
export async function signAs(page: Page, api: Api, staffName: string): Promise<void> {
  await api.call('settings.update', { staffName });
  await page.reload();
  await page.getByText(`Signé ${staffName}`).waitFor();
}
