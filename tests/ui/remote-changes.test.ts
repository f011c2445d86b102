import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grandFigeacScenarioConvention } from '../helpers/app.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { password } from '../sync/helpers/central.ts';
import { openSyncedPcs, type SyncedPcs } from './synced-pcs.setup.ts';

/**
 * What a colleague changed shows on the open screens once a sync brings it, without a click: the header's
 * sync status sees the PC has read further in the central's log, and the screens load again in place.
 */
const dir = tempDir();
let pcs: SyncedPcs;

beforeAll(async () => {
  pcs = await openSyncedPcs(dir);
  await pcs.api.call('sync.login', { serverUrl: pcs.central.url, email: 'marie@lot.fr', password });
  await pcs.api.call('sync.now', {});
});

afterAll(() => pcs?.close());

/** What Bruno's PC sends, then what the background sync of Marie's PC brings (run here, not awaited on a timer). */
async function brunoChanges(change: () => Promise<unknown>) {
  await pcs.bruno.api.call('sync.now', {});
  await change();
  await pcs.bruno.api.call('sync.now', {});
  await pcs.api.call('sync.now', {});
}

describe('a colleague’s change on an open screen', () => {
  it('appears in the Bibliothèques list and on the Scénarios screen, what Marie is typing kept', async () => {
    const { page } = pcs;
    await page.goto(`${pcs.origin}/#/bibliotheques`);
    await page.getByText('Aucune bibliothèque enregistrée.').waitFor();
    await brunoChanges(() =>
      pcs.bruno.api.call('library.add', { name: 'Médiathèque de Cajarc', commune: '46045', ils: 'pmb' }),
    );
    await page.getByRole('row', { name: /Médiathèque de Cajarc/ }).waitFor({ timeout: 15_000 });

    await page.goto(`${pcs.origin}/#/scenarios`);
    await page.getByText('Aucun scénario : créez-en un, ou importez un fichier JSON.').waitFor();
    const made = await pcs.bruno.api.call('scenario.save', {
      name: 'Grand-Figeac à 0,28',
      year: 2027,
      conventions: [grandFigeacScenarioConvention('0.28')],
    });
    await brunoChanges(async () => undefined);
    await page.getByRole('button', { name: 'Grand-Figeac à 0,28', exact: true }).waitFor({ timeout: 15_000 });

    await brunoChanges(() =>
      pcs.bruno.api.call('scenario.save', {
        id: made.id,
        name: 'Grand-Figeac à 0,30',
        year: 2027,
        conventions: [grandFigeacScenarioConvention('0.30')],
      }),
    );
    await page.getByRole('button', { name: 'Grand-Figeac à 0,30', exact: true }).waitFor({ timeout: 15_000 });
    // Marie is changing it: the rate emptied first, so no version of hers is complete enough to be stored.
    // Bruno's next version leaves her form alone.
    await page.getByRole('textbox', { name: 'Taux (€/hab.)' }).fill('');
    await page.getByRole('textbox', { name: 'Nom du scénario' }).fill('Figeac, version de Marie');
    // The screen reads the scenarios again once the header's sync status shows Bruno's change.
    const reloaded = page.waitForResponse((response) => response.url().endsWith('/api/scenario.list'), {
      timeout: 20_000,
    });
    await brunoChanges(() =>
      pcs.bruno.api.call('scenario.save', {
        id: made.id,
        name: 'Grand-Figeac à 0,32',
        year: 2027,
        conventions: [grandFigeacScenarioConvention('0.32')],
      }),
    );
    await reloaded;
    // The answer taken in: the next frame shows what the screen made of it.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await page.getByRole('textbox', { name: 'Nom du scénario' }).inputValue()).toBe(
      'Figeac, version de Marie',
    );
    await page.getByRole('button', { name: 'Figeac, version de Marie', exact: true }).waitFor();
    await saveScreenshot(page, 'scenarios-change-d-un-collegue.png', { fullPage: true });
    expect(pcs.errors).toEqual([]);
  }, 90_000);
});
