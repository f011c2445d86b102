import path from 'node:path';
import { type ElectronApplication, _electron as electron, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../helpers/browser.ts';
import { addFigeacArgs, runCli } from '../helpers/cli.ts';
import { electronBinary, electronEnv, electronMissing } from '../helpers/electron.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { ImportWizardPage } from '../ui/import.page.ts';

/**
 * The desktop app end to end, in real Electron: an import through the native "Ouvrir" dialog (replaced
 * in the main process by one that answers a fixture), its result on screen, and external links that
 * never navigate the window. Skipped, with the reason, where the Electron binary is absent.
 */
const binary = electronBinary();
if (!binary) console.warn(electronMissing);

describe.skipIf(!binary)('the desktop app end to end (real Electron)', () => {
  const home = tempDir('mednum-electron-e2e-');
  const env = electronEnv(home);
  const fixture = path.join(repoRoot, 'tests', 'fixtures', 'import', 'koha.csv');
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    // The library exists before the app starts: created by the CLI in the very file the app opens.
    const cli = runCli(home, addFigeacArgs, env);
    expect(cli.code, cli.stderr).toBe(0);
    app = await electron.launch({
      executablePath: binary as string,
      args: [repoRoot, ...(process.env.CI ? ['--no-sandbox'] : [])],
      env,
    });
    // The native dialog, replaced in the main process: it "chooses" the fixture.
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = (async () => ({
        canceled: false,
        filePaths: [file],
      })) as typeof dialog.showOpenDialog;
    }, fixture);
    // And the browser: external links are recorded instead of opened.
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { opened?: string[] }).opened = opened;
      shell.openExternal = (async (url: string) => {
        opened.push(url);
      }) as typeof shell.openExternal;
    });
    page = await app.firstWindow();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('imports a file chosen in the (replaced) native open dialog and shows the result', async () => {
    await page.evaluate(() => {
      location.hash = '#/imports/nouveau';
    });
    const wizard = new ImportWizardPage(page);
    await wizard.chooseLibrary('Médiathèque de Figeac');
    await page.getByRole('button', { name: 'Choisir un fichier…' }).click();
    await page.getByText('Fichier choisi : koha.csv').waitFor();
    // No file input here: the desktop uses its native dialog.
    expect(await page.locator('input[type=file]').count()).toBe(0);
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.getByRole('button', { name: 'Suivant : aperçu' }).click();
    await page.getByRole('button', { name: 'Suivant : confirmation' }).click();
    await page.getByRole('button', { name: /^Enregistrer 5 lecteurs/ }).click();
    await page.getByRole('status').filter({ hasText: 'Import enregistré' }).waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'electron-import.png');
  });

  it('an external link never navigates the window: allow-listed ones go to the browser, others nowhere', async () => {
    const before = page.url();
    await page.evaluate(() => {
      for (const href of ['https://www.insee.fr/fr/accueil', 'https://evil.example/']) {
        const link = Object.assign(document.createElement('a'), { href, target: '_blank' });
        document.body.append(link);
        link.click();
        link.remove();
      }
      location.href = 'https://evil.example/phishing';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
    const opened = await app.evaluate(() => (globalThis as { opened?: string[] }).opened ?? []);
    expect(opened).toEqual(['https://www.insee.fr/fr/accueil']);
  });
});
