import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, offline } from '../../electron/services/sync/transport.ts';
import { grandFigeac } from '../helpers/app.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { password } from '../sync/helpers/central.ts';
import { SyncPages } from './conflits.page.ts';
import { EpciDetailPage } from './epci-detail.page.ts';
import { openSyncedPcs, type SyncedPcs } from './synced-pcs.setup.ts';

const dir = tempDir();
let pcs: SyncedPcs;
let page: Page;
let sync: SyncPages;
/** The network between this PC and the central service: cut and restored by the test. */
let connected = true;
const shot = (name: string) => saveScreenshot(page, name, { fullPage: true });

beforeAll(async () => {
  pcs = await openSyncedPcs(dir, (url) => {
    const inner = httpTransport(url);
    return {
      send: (request) => (connected ? inner.send(request) : Promise.reject(offline('réseau coupé (test)'))),
    };
  });
  await pcs.central.addUser('claire@lot.fr', 'reader', password);
  page = pcs.page;
  sync = new SyncPages(page);
});

afterAll(() => pcs?.close());

describe('sync from the screens: offline edit, pending changes, conflict settled', () => {
  it('says « Sans serveur central » without a server, and logs in from Réglages', async () => {
    await page.reload();
    await sync.indicator().getByText('Sans serveur central').waitFor();
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Réglages' })
      .click();
    await sync.login(pcs.central.url, 'marie@lot.fr', password);
    await sync.indicator().getByText('En ligne').waitFor();
  });

  it('offline, an edit waits; back online, the conflict with another PC shows and is settled', async () => {
    connected = false;
    await page.goto(`${pcs.origin}/#/collectivites/${grandFigeac}`);
    await new EpciDetailPage(page).moveTo('En discussion');
    await sync.syncNow();
    await sync.indicator().getByText('Hors ligne').waitFor();
    await sync.indicator().getByText('2 modifications en attente').waitFor();
    await shot('sync-hors-ligne.png');

    // Meanwhile, another PC moved Grand-Figeac elsewhere and synced first.
    await pcs.bruno.api.call('epci.setStatus', { siren: grandFigeac, status: 'left' });
    await pcs.bruno.api.call('sync.now', {});

    connected = true;
    await sync.syncNow();
    await sync.indicator().getByText('En ligne').waitFor();
    await sync.indicator().getByRole('link', { name: '1 conflit à régler' }).click();
    const card = sync.conflict(/CC Grand-Figeac/);
    await card.waitFor();
    expect(await card.innerText()).toMatch(/Valeur de ce poste\s+En discussion/);
    expect(await card.innerText()).toMatch(/Valeur du serveur \(en vigueur\)\s+Sorti/);
    expect(await card.innerText()).toContain('bruno@lot.fr');
    await shot('conflits.png');
    // The header at its fullest (sync state, a conflict, the signer) still fits on one line at 1280 pixels.
    await page.setViewportSize({ width: 1280, height: 900 });
    const title = page.getByRole('banner').getByRole('heading', { level: 1 });
    expect(await title.evaluate((h) => h.getBoundingClientRect().height)).toBeLessThan(30);
    expect(await page.getByRole('banner').evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    await page.setViewportSize({ width: 1400, height: 900 });

    await card.getByRole('button', { name: 'Garder la mienne' }).click();
    await page.getByText('Aucun conflit à régler.').waitFor();
    // The header follows the settling at once, not at its next poll five seconds later.
    await expect
      .poll(
        () =>
          sync
            .indicator()
            .getByRole('link', { name: /conflit/ })
            .count(),
        { timeout: 1_500 },
      )
      .toBe(0);
    await sync.syncNow();
    await expect
      .poll(async () => (await sync.indicator().innerText()).includes('en attente'), { timeout: 10_000 })
      .toBe(false);
    // The indicator's text is no proof that the kept value reached the server (one run read it before the
    // push had landed, and Bruno pulled « Sorti »): Bruno pulls until he sees it.
    await expect
      .poll(
        async () => {
          await pcs.bruno.api.call('sync.now', {});
          return (await pcs.bruno.api.call('epci.get', { siren: grandFigeac })).status;
        },
        { timeout: 10_000 },
      )
      .toBe('in_discussion');
    expect(pcs.errors).toEqual([]);
  });

  it('with a read-only account, says so and refuses an edit in plain French, writing nothing', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Réglages' })
      .click();
    const panel = page.getByRole('region', { name: 'Serveur central' });
    await panel.getByRole('button', { name: 'Se déconnecter' }).click();
    await sync.login(pcs.central.url, 'claire@lot.fr', password);
    await panel.getByText('Compte en lecture seule').waitFor();
    await sync.indicator().getByText('Lecture seule').waitFor();

    await page.goto(`${pcs.origin}/#/collectivites/${grandFigeac}`);
    const detail = new EpciDetailPage(page);
    await detail.requestMove('Convention en préparation', '');
    await page.getByText(/compte en lecture seule : cette modification n’a pas été enregistrée/).waitFor();
    await shot('lecture-seule.png');
    await detail.dialog().getByRole('button', { name: 'Annuler' }).click();
    await page.getByTitle('Statut actuel').filter({ hasText: 'En discussion' }).waitFor();
    expect((await sync.indicator().innerText()).includes('en attente')).toBe(false);
    expect(pcs.errors).toEqual([]);
  });
});
