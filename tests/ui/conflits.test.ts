import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../electron/host/server.ts';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { stagingDirFor } from '../../electron/services/import/staged-files.ts';
import { httpTransport, offline } from '../../electron/services/sync/transport.ts';
import { grandFigeac } from '../helpers/app.ts';
import { hostApi, launchChromium, openApp, rendererDir, screenshotDir, signAs } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from '../sync/helpers/central.ts';
import { type Desktop, memorySecrets, openDesktop } from '../sync/helpers/desktop.ts';
import { SyncPages } from './conflits.page.ts';
import { EpciDetailPage } from './epci-detail.page.ts';

const dir = tempDir();
let browser: Browser;
let page: Page;
let host: Awaited<ReturnType<typeof startHost>>;
let central: Awaited<ReturnType<typeof startTestCentral>>;
let bruno: Desktop;
let sync: SyncPages;
/** The network between this PC and the central service: cut and restored by the test. */
let connected = true;
const errors: string[] = [];
const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, name), fullPage: true });

beforeAll(async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  central = await startTestCentral();
  await central.addUser('marie@lot.fr', 'agent', password);
  await central.addUser('bruno@lot.fr', 'agent', password);
  await central.addUser('claire@lot.fr', 'reader', password);
  const context = await openAppContext({
    databasePath: path.join(dir, 'marie.sqlite'),
    version: 'test',
    sync: {
      secrets: memorySecrets(),
      transport: (url) => {
        const inner = httpTransport(url);
        return {
          send: (request) =>
            connected ? inner.send(request) : Promise.reject(offline('réseau coupé (test)')),
        };
      },
      retryDelaysMs: [],
    },
  });
  host = await startHost({
    gate: openGate(context),
    unexpected: context.unexpected,
    staticRoot: rendererDir,
    uploadDir: stagingDirFor(context.database.path),
  });
  const close = host.close;
  host.close = async () => {
    await close();
    await context.close();
  };
  bruno = await openDesktop(dir, 'Bruno');
  await bruno.api.call('sync.login', { serverUrl: central.url, email: 'bruno@lot.fr', password });
  browser = await launchChromium();
  page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => errors.push(error.message));
  sync = new SyncPages(page);
  await openApp(page, host.url);
  await signAs(page, hostApi(page, new URL(host.url).origin), 'Marie Dupont');
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('sync from the screens: offline edit, pending changes, conflict settled', () => {
  it('says "non configuré" without a server, and logs in from Réglages', async () => {
    await page.reload();
    await sync.indicator().getByText('Non configuré').waitFor();
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Réglages' })
      .click();
    await sync.login(central.url, 'marie@lot.fr', password);
    await sync.indicator().getByText('En ligne').waitFor();
  });

  it('offline, an edit waits; back online, the conflict with another PC shows and is settled', async () => {
    connected = false;
    await page.goto(`${new URL(host.url).origin}/#/collectivites/${grandFigeac}`);
    await new EpciDetailPage(page).moveTo('En discussion');
    await sync.syncNow();
    await sync.indicator().getByText('Hors ligne').waitFor();
    await sync.indicator().getByText('2 modifications en attente').waitFor();
    await shot('sync-hors-ligne.png');

    // Meanwhile, another PC moved Grand-Figeac elsewhere and synced first.
    await bruno.api.call('epci.setStatus', { siren: grandFigeac, status: 'left' });
    await bruno.api.call('sync.now', {});

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

    await card.getByRole('button', { name: 'Garder la mienne' }).click();
    await page.getByText('Aucun conflit à régler.').waitFor();
    await sync.syncNow();
    await expect
      .poll(async () => (await sync.indicator().innerText()).includes('en attente'), { timeout: 10_000 })
      .toBe(false);
    await bruno.api.call('sync.now', {});
    expect((await bruno.api.call('epci.get', { siren: grandFigeac })).status).toBe('in_discussion');
    expect(errors).toEqual([]);
  });

  it('with a read-only account, says so and refuses an edit in plain French, writing nothing', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Réglages' })
      .click();
    const panel = page.getByRole('region', { name: 'Serveur central' });
    await panel.getByRole('button', { name: 'Se déconnecter' }).click();
    await sync.login(central.url, 'claire@lot.fr', password);
    await panel.getByText('Compte en lecture seule').waitFor();
    await sync.indicator().getByText('Lecture seule').waitFor();

    await page.goto(`${new URL(host.url).origin}/#/collectivites/${grandFigeac}`);
    const detail = new EpciDetailPage(page);
    await detail.requestMove('Convention en préparation', '');
    await page.getByText(/compte en lecture seule : cette modification n’a pas été enregistrée/).waitFor();
    await shot('lecture-seule.png');
    await detail.dialog().getByRole('button', { name: 'Annuler' }).click();
    await page.getByTitle('Statut actuel').filter({ hasText: 'En discussion' }).waitFor();
    expect((await sync.indicator().innerText()).includes('en attente')).toBe(false);
    expect(errors).toEqual([]);
  });
});
