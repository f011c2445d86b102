import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grandFigeacScenarioConvention } from '../helpers/app.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { password } from '../sync/helpers/central.ts';
import { SyncPages } from './conflits.page.ts';
import { openSyncedPcs, type SyncedPcs } from './synced-pcs.setup.ts';

/** Issue 16: a stored scenario edited on two PCs — the conflict shown and settled on the Conflits screen. */
const dir = tempDir();
let pcs: SyncedPcs;
const name = 'Grand-Figeac à 0,28';

beforeAll(async () => {
  pcs = await openSyncedPcs(dir);
  await pcs.api.call('sync.login', { serverUrl: pcs.central.url, email: 'marie@lot.fr', password });
});

afterAll(() => pcs?.close());

describe('a scenario edited on two PCs', () => {
  it('shows the conflict on the Conflits screen in French, and settles it for both PCs', async () => {
    const made = await pcs.api.call('scenario.save', {
      name,
      year: 2027,
      conventions: [grandFigeacScenarioConvention('0.28')],
    });
    await pcs.api.call('sync.now', {});
    await pcs.bruno.api.call('sync.now', {});
    await pcs.bruno.api.call('scenario.setStatus', { id: made.id, status: 'retenu' });
    await pcs.bruno.api.call('sync.now', {});
    await pcs.api.call('scenario.setStatus', { id: made.id, status: 'presente' });
    expect((await pcs.api.call('sync.now', {})).conflicts).toBe(1);

    await pcs.page.goto(`${pcs.origin}/#/conflits`);
    const card = new SyncPages(pcs.page).conflict(new RegExp(`Scénario « ${name} »`));
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toMatch(/statut/);
    expect(text).toMatch(/Valeur de ce poste\s+présenté/);
    expect(text).toMatch(/Valeur du serveur \(en vigueur\)\s+retenu/);
    expect(text).toContain('bruno@lot.fr');
    await saveScreenshot(pcs.page, 'conflits-scenario.png', { fullPage: true });

    await card.getByRole('button', { name: 'Garder la mienne' }).click();
    await pcs.page.getByText('Aucun conflit à régler.').waitFor();
    await pcs.api.call('sync.now', {});
    await pcs.bruno.api.call('sync.now', {});
    expect((await pcs.bruno.api.call('scenario.get', { id: made.id })).status).toBe('presente');
    expect(await pcs.bruno.api.call('sync.conflicts', {})).toEqual([]);
    expect(pcs.errors).toEqual([]);
  });
});
