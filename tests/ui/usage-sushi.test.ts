import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { allowedOnScreens, forbiddenWordsIn } from '../helpers/forbidden-words.ts';
import { type SushiServer, startSushiServer, sushiApiKey, sushiRequestor } from '../helpers/sushi-server.ts';
import { tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';

let app: HostPage;
let server: SushiServer;
const dir = tempDir();

const previousConfigHome = process.env.XDG_CONFIG_HOME;

beforeAll(async () => {
  // The browser host keeps secrets in the user's folder, as the CLI does: this test's own, not the machine's.
  process.env.XDG_CONFIG_HOME = path.join(dir, 'config');
  server = await startSushiServer();
  app = await openHostPage(path.join(dir, 'usages.sqlite'));
});
afterAll(async () => {
  await app?.close();
  await server?.close();
  // Test files share a process (vitest.config.ts): the next one gets the environment it started with.
  if (previousConfigHome === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = previousConfigHome;
});

describe('the Usages screen’s SUSHI sources', () => {
  it('adds a source, fetches its report, previews it with nothing written, imports it; the key is never shown', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Usages' }).click();
    await page.getByRole('heading', { name: 'Sources SUSHI', level: 3 }).waitFor();
    await page.getByRole('button', { name: 'Ajouter une source SUSHI…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouvelle source SUSHI' });
    await dialog.getByRole('textbox', { name: /^Plateforme/ }).fill('Cafeyn');
    await dialog.getByLabel('Adresse SUSHI').fill(server.baseUrl);
    await dialog.getByLabel('Identifiant client (customer_id)').fill('BDP46-0042');
    await dialog.getByLabel('Identifiant du demandeur (requestor_id)').fill(sushiRequestor);
    await dialog.getByLabel('Clé d’API (api_key)').fill(sushiApiKey);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Enregistrer la source' }).click();
    await dialog.waitFor({ state: 'detached' });
    const sources = page.getByRole('table', { name: /1 source SUSHI/ });
    await sources.waitFor();
    expect(await sources.innerText()).toMatch(/Clé enregistrée : oui/);

    await page.getByRole('button', { name: 'Récupérer les usages de Cafeyn' }).click();
    const fetchDialog = page.getByRole('dialog', { name: 'Récupérer les usages de Cafeyn' });
    await fetchDialog.getByLabel('Premier mois').fill('2026-01');
    await fetchDialog.getByLabel('Dernier mois').fill('2026-06');
    await fetchDialog.getByRole('button', { name: 'Récupérer', exact: true }).click();
    const preview = page.getByRole('region', { name: /^Aperçu : Cafeyn-sushi-PR-2026-01-2026-06\.json/ });
    await preview.waitFor();
    expect(await preview.innerText()).toMatch(
      /Rapport PR \(plateforme, COUNTER 5\) de Cafeyn, janvier à juin 2026/,
    );
    expect(await app.api.call('usage.list', {})).toEqual([]);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await saveScreenshot(page, 'usages-sushi-apercu.png', { fullPage: true });

    await preview.getByRole('button', { name: 'Importer ce rapport' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /importé : 42 chiffres/ })
      .waitFor();
    const body = await page.locator('body').innerText();
    expect(body).not.toContain(sushiApiKey);
    expect(body).not.toContain(sushiRequestor);
    expect(forbiddenWordsIn([body], allowedOnScreens)).toEqual([]);
    expect(app.errors).toEqual([]);
    for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('usages.sqlite')))
      expect(fs.readFileSync(path.join(dir, file)).includes(sushiApiKey), file).toBe(false);
  });

  it('says in French when the vendor refuses the credentials, and imports nothing', async () => {
    const { page } = app;
    const before = (await app.api.call('usage.list', {})).length;
    await app.api.call('usage.sushi.save', {
      name: 'Refus',
      baseUrl: server.baseUrl,
      customerId: 'refus-http',
    });
    await page.reload();
    await page.getByRole('button', { name: 'Récupérer les usages de Refus' }).click();
    const fetchDialog = page.getByRole('dialog', { name: 'Récupérer les usages de Refus' });
    await fetchDialog.getByRole('button', { name: 'Récupérer', exact: true }).click();
    await fetchDialog
      .getByRole('alert')
      .filter({ hasText: /refuse les identifiants \(HTTP 401\)/ })
      .waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect((await app.api.call('usage.list', {})).length).toBe(before);
  });
});
