import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from '../helpers/browser.ts';
import { electronBinary, electronEnv, electronMissing } from '../helpers/electron.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { CollectivitesPage } from '../ui/collectivites.page.ts';

/** The real desktop app, launched by Playwright (skipped, with the reason, where Electron is absent). */
const binary = electronBinary();
if (!binary) console.warn(electronMissing);

describe.skipIf(!binary)('the desktop app (real Electron)', () => {
  it('opens on Collectivités and shows Grand-Figeac’s 92 communes', async () => {
    const home = tempDir('mednum-electron-');
    const app = await electron.launch({
      executablePath: binary as string,
      args: [repoRoot, ...(process.env.CI ? ['--no-sandbox'] : [])],
      env: electronEnv(home),
    });
    try {
      const page = await app.firstWindow();
      const screen = new CollectivitesPage(page);
      await expect.poll(() => screen.bodyRows().count(), { timeout: 30_000 }).toBe(10);
      expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe('undefined');
      await screen.search().fill('figeac');
      await screen.row('CC Grand-Figeac').click();
      await expect.poll(() => screen.bodyRows().count()).toBe(92);
      expect(await screen.bodyRows().filter({ hasText: 'hors département' }).count()).toBe(6);
      await saveScreenshot(page, 'electron-grand-figeac.png');
    } finally {
      await app.close();
    }
  });
});
