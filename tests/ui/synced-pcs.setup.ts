import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startHost } from '../../electron/host/server.ts';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { stagingDirFor } from '../../electron/services/import/staged-files.ts';
import { httpTransport, type Transport } from '../../electron/services/sync/transport.ts';
import type { Api } from '../../shared/api.ts';
import { hostApi, launchChromium, openApp, rendererDir, signAs } from '../helpers/browser.ts';
import { password, startTestCentral } from '../sync/helpers/central.ts';
import { type Desktop, memorySecrets, openDesktop } from '../sync/helpers/desktop.ts';

export interface SyncedPcs {
  central: Awaited<ReturnType<typeof startTestCentral>>;
  /** Marie's PC: the browser host on its own context (its sync transport the test's), Chromium on it. */
  page: Page;
  /** The host's address without its token, for page.goto. */
  origin: string;
  api: Api;
  /** Bruno's PC, logged in to the same central service, driven through its API. */
  bruno: Desktop;
  /** Page errors, which a test expects to stay empty. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Two PCs and a central service with accounts for marie@ and bruno@ (agents): Marie in Chromium, signed
 * « Marie Dupont », not yet logged in to the server; Bruno logged in. `transport` lets a test cut
 * Marie's network.
 */
export async function openSyncedPcs(
  dir: string,
  transport: (url: string) => Transport = httpTransport,
): Promise<SyncedPcs> {
  const central = await startTestCentral();
  await central.addUser('marie@lot.fr', 'agent', password);
  await central.addUser('bruno@lot.fr', 'agent', password);
  const context = await openAppContext({
    databasePath: path.join(dir, 'marie.sqlite'),
    version: 'test',
    sync: { secrets: memorySecrets(), transport, retryDelaysMs: [] },
  });
  const host = await startHost({
    gate: openGate(context),
    unexpected: context.unexpected,
    staticRoot: rendererDir,
    uploadDir: stagingDirFor(context.database.path),
  });
  const bruno = await openDesktop(dir, 'Bruno');
  await bruno.api.call('sync.login', { serverUrl: central.url, email: 'bruno@lot.fr', password });
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
    locale: 'fr-FR',
    reducedMotion: 'reduce',
  });
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openApp(page, host.url);
  const api = hostApi(page, new URL(host.url).origin);
  await signAs(page, api, 'Marie Dupont');
  return {
    central,
    page,
    origin: new URL(host.url).origin,
    api,
    bruno,
    errors,
    async close() {
      await browser.close();
      await host.close();
      await context.close();
    },
  };
}
