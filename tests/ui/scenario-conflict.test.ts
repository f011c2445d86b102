import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../electron/host/server.ts';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { stagingDirFor } from '../../electron/services/import/staged-files.ts';
import { httpTransport } from '../../electron/services/sync/transport.ts';
import { grandFigeac } from '../helpers/app.ts';
import { hostApi, launchChromium, openApp, rendererDir, screenshotDir, signAs } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from '../sync/helpers/central.ts';
import { type Desktop, memorySecrets, openDesktop } from '../sync/helpers/desktop.ts';
import { SyncPages } from './conflits.page.ts';

/** Issue 16: a stored scenario edited on two PCs — the conflict shown and settled on the Conflits screen. */
const dir = tempDir();
let browser: Browser;
let page: Page;
let host: Awaited<ReturnType<typeof startHost>>;
let central: Awaited<ReturnType<typeof startTestCentral>>;
let bruno: Desktop;
let api: ReturnType<typeof hostApi>;
const errors: string[] = [];
const name = 'Grand-Figeac à 0,28';

beforeAll(async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  central = await startTestCentral();
  await central.addUser('marie@lot.fr', 'agent', password);
  await central.addUser('bruno@lot.fr', 'agent', password);
  const context = await openAppContext({
    databasePath: path.join(dir, 'marie.sqlite'),
    version: 'test',
    sync: { secrets: memorySecrets(), transport: (url) => httpTransport(url), retryDelaysMs: [] },
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
  await openApp(page, host.url);
  api = hostApi(page, new URL(host.url).origin);
  await signAs(page, api, 'Marie Dupont');
  await api.call('sync.login', { serverUrl: central.url, email: 'marie@lot.fr', password });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('a scenario edited on two PCs', () => {
  it('shows the conflict on the Conflits screen in French, and settles it for both PCs', async () => {
    const made = await api.call('scenario.save', {
      name,
      year: 2027,
      conventions: [
        {
          epci: grandFigeac,
          rate: '0.28',
          start: '2027-01-01',
          end: null,
          basis: 'totale',
          millesime: 2022,
          perimeter: 'epci',
          prorata: 'days',
          floor: null,
          cap: null,
        },
      ],
    });
    await api.call('sync.now', {});
    await bruno.api.call('sync.now', {});
    await bruno.api.call('scenario.setStatus', { id: made.id, status: 'retenu' });
    await bruno.api.call('sync.now', {});
    await api.call('scenario.setStatus', { id: made.id, status: 'presente' });
    expect((await api.call('sync.now', {})).conflicts).toBe(1);

    await page.goto(`${new URL(host.url).origin}/#/conflits`);
    const card = new SyncPages(page).conflict(new RegExp(`Scénario « ${name} »`));
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toMatch(/statut/);
    expect(text).toMatch(/Valeur de ce poste\s+présenté/);
    expect(text).toMatch(/Valeur du serveur \(en vigueur\)\s+retenu/);
    expect(text).toContain('bruno@lot.fr');
    await page.screenshot({ path: path.join(screenshotDir, 'conflits-scenario.png'), fullPage: true });

    await card.getByRole('button', { name: 'Garder la mienne' }).click();
    await page.getByText('Aucun conflit à régler.').waitFor();
    await api.call('sync.now', {});
    await bruno.api.call('sync.now', {});
    expect((await bruno.api.call('scenario.get', { id: made.id })).status).toBe('presente');
    expect(await bruno.api.call('sync.conflicts', {})).toEqual([]);
    expect(errors).toEqual([]);
  });
});
