import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { replaceActivity } from '../../db/queries/access-activity.ts';
import { grandFigeac, grandFigeacConvention2027 } from '../helpers/app.ts';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { allowedOnScreens, forbiddenWordsIn } from '../helpers/forbidden-words.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';

const year = new Date().getFullYear();
const databasePath = path.join(tempDir(), 'indicateurs.sqlite');
/** A fixture's months moved to this year, so the screen's default year shows it. */
const fixture = (name: string) =>
  fs.readFileSync(path.join(repoRoot, 'tests/fixtures/usage', name), 'utf8').replaceAll('2026-', `${year}-`);

let app: HostPage;

beforeAll(async () => {
  app = await openHostPage(databasePath);
  for (const [fileName, text] of [
    ['cafeyn.json', fixture('pr-r5-cafeyn.json')],
    ['tout.json', fixture('pr-r51-tout-apprendre.json')],
  ] as const) {
    const content = Buffer.from(text, 'utf8').toString('base64');
    const preview = await app.api.call('usage.preview', { fileName, content });
    await app.api.call('usage.commit', { fileName, content, sha256: preview.sha256 });
  }
  const cost = (vendor: string, label: string, amount: string) =>
    app.api.call('cost.add', { year, vendor, label, pricing: 'flat', amount });
  await cost('CAFEYN', 'Presse en ligne', '12 000');
  await cost('Tout Apprendre', 'Autoformation', '4 500,50');
  await cost('Hébergeur du portail', 'Hébergement', '999,99');
});
afterAll(() => app?.close());

describe('the Indicateurs screen', () => {
  it('says why figures are missing before any active patron is received', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Indicateurs' }).click();
    await page.getByRole('heading', { name: 'Indicateurs d’usage', level: 2 }).waitFor();
    const table = page.getByRole('table', { name: `Indicateurs par plateforme, ${year}` });
    await table.waitFor();
    expect(await table.getByRole('row', { name: /Cafeyn/ }).innerText()).toMatch(
      /chiffres de connexion pas encore reçus/,
    );
    expect(await page.getByText('Lignes de coût rattachées à aucune plateforme').count()).toBe(1);
    expect(await page.locator('main').innerText()).toMatch(/Hébergeur du portail — Hébergement : 999,99\s€/);
    await saveScreenshot(page, 'indicateurs-sans-connexions.png', { fullPage: true });
  });

  it('shows uses, costs, active patrons and penetration per EPCI; accessible, in staff’s words', async () => {
    const { page } = app;
    const library = await app.api.call('library.add', {
      name: 'Médiathèque de Figeac',
      commune: '46102',
      ils: 'koha',
    });
    await app.api.call('convention.add', { ...grandFigeacConvention2027, start: `${year}-01-01` });
    for (const status of ['in_discussion', 'convention_drafted', 'convention_signed', 'active'] as const)
      await app.api.call('epci.setStatus', { siren: grandFigeac, status });
    // Active patrons as a pull from the central service stores them (a second connection to the file).
    const database = openDatabase(databasePath);
    await replaceActivity(
      database.db,
      {
        year,
        active: 300,
        libraries: [{ libraryId: library.id, active: 250 }],
        platforms: [
          { clientId: 'cafeyn', name: 'Cafeyn', active: 180 },
          { clientId: 'ta', name: 'Tout apprendre', active: 140 },
        ],
        months: [],
      },
      new Date().toISOString(),
    );
    await database.db.destroy();

    await page.reload();
    await page.getByRole('heading', { name: 'Indicateurs d’usage', level: 2 }).waitFor();
    const expected = await app.api.call('indicators.usage', { year });
    const cafeyn = expected.platforms.find((p) => p.platform === 'Cafeyn');
    const row = page
      .getByRole('table', { name: `Indicateurs par plateforme, ${year}` })
      .getByRole('row', { name: /Cafeyn/ });
    await row.waitFor();
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(`${cafeyn?.costPerUse?.replace('.', ',')} €`);
    expect(text).toContain('180');
    expect(text).toContain(`${cafeyn?.costPerActivePatron?.replace('.', ',')} €`);
    await page.getByRole('img', { name: `Utilisations par plateforme, ${year}` }).waitFor();
    await page
      .getByRole('img', { name: `Lecteurs actifs pour 1 000 habitants, EPCI couverts, ${year}` })
      .waitFor();
    expect(await page.locator('main').innerText()).toContain(
      `Moyenne des EPCI couverts : ${expected.coveredPer1000?.replace('.', ',')} lecteurs actifs pour 1 000 habitants`,
    );
    await page.waitForLoadState('networkidle');
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(forbiddenWordsIn([await page.locator('body').innerText()], allowedOnScreens)).toEqual([]);
    await saveScreenshot(page, 'indicateurs.png', { fullPage: true });
    expect(app.errors).toEqual([]);
  });
});
