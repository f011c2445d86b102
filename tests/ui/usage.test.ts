import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { allowedOnScreens, forbiddenWordsIn } from '../helpers/forbidden-words.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';

const fixture = (name: string) => path.join(repoRoot, 'tests/fixtures/usage', name);

let app: HostPage;

beforeAll(async () => {
  app = await openHostPage(path.join(tempDir(), 'usages.sqlite'));
});
afterAll(() => app?.close());

/** Chooses a file through the page's « Importer un rapport d’usage… » button (the browser host's input). */
async function choose(file: string) {
  const [chooser] = await Promise.all([
    app.page.waitForEvent('filechooser'),
    app.page.getByRole('button', { name: 'Importer un rapport d’usage…' }).click(),
  ]);
  await chooser.setFiles(file);
}

describe('the Usages screen', () => {
  it('previews a report before importing it, imports it, lists it; accessible, in staff’s words', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Usages' }).click();
    await page.getByRole('heading', { name: 'Usages des ressources numériques', level: 2 }).waitFor();
    await choose(fixture('pr-r5-cafeyn.json'));
    const preview = page.getByRole('region', { name: 'Aperçu : pr-r5-cafeyn.json' });
    await preview.waitFor();
    expect(await preview.innerText()).toMatch(
      /Rapport PR \(plateforme, COUNTER 5\) de Cafeyn, janvier à juin 2026/,
    );
    const table = preview.getByRole('table', { name: 'Totaux par mesure et par mois' });
    const requests = table.getByRole('row', { name: /téléchargements et lectures \(total\)/ });
    expect(await requests.innerText()).toMatch(/418\s+391\s+331\s+389\s+365\s+335/);
    expect(await app.api.call('usage.list', {})).toEqual([]);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await saveScreenshot(page, 'usages-apercu.png', { fullPage: true });

    await preview.getByRole('button', { name: 'Importer ce rapport' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Rapport « pr-r5-cafeyn.json » importé : 42 chiffres' })
      .waitFor();
    const history = page.getByRole('table', { name: /1 rapport importé/ });
    await history.waitFor();
    expect(await history.innerText()).toMatch(/Cafeyn/);
    expect(forbiddenWordsIn([await page.locator('body').innerText()], allowedOnScreens)).toEqual([]);
  });

  it('a re-import says what it replaces; a malformed report shows its problems and cannot be imported', async () => {
    const { page } = app;
    await choose(fixture('pr-r5-cafeyn.json'));
    const preview = page.getByRole('region', { name: 'Aperçu : pr-r5-cafeyn.json' });
    await preview.getByText(/remplace les chiffres de janvier à juin 2026 de Cafeyn importés le /).waitFor();
    await preview.getByRole('button', { name: 'Abandonner' }).click();

    await choose(fixture('unknown-metric.json'));
    const bad = page.getByRole('region', { name: 'Aperçu : unknown-metric.json' });
    await bad.getByText(/Ligne \d+ : type de mesure inconnu « Total_Item_Views »/).waitFor();
    expect(await bad.getByRole('button', { name: 'Importer ce rapport' }).isDisabled()).toBe(true);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await saveScreenshot(page, 'usages-probleme.png', { fullPage: true });

    await choose(fixture('bad-release.json'));
    await page
      .getByRole('alert')
      .filter({ hasText: /version COUNTER « 4 » non prise en charge/ })
      .waitFor();
  });

  it('undoes an import behind a confirmation', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Annuler l’import de pr-r5-cafeyn.json' }).click();
    await page
      .getByRole('dialog', { name: 'Annuler cet import ?' })
      .getByRole('button', { name: 'Annuler l’import' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Import annulé : 42 chiffres retirés, 0 chiffre rétabli.' })
      .waitFor();
    expect((await app.api.call('usage.list', {}))[0]?.undoneAt).not.toBeNull();
    // The one refusal the page met is the R4 report's (422 from the host), which it showed as an alert.
    expect(app.errors).toEqual([
      'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
  });
});
