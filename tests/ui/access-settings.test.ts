import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, offline } from '../../electron/services/sync/transport.ts';
import { grandFigeac } from '../helpers/app.ts';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { allowedOnScreens, forbiddenWordsIn } from '../helpers/forbidden-words.ts';
import { tempDir } from '../helpers/temp.ts';
import { password } from '../sync/helpers/central.ts';
import { openSyncedPcs, type SyncedPcs } from './synced-pcs.setup.ts';

/**
 * Réglages « Accès des lecteurs » in Chromium against a real central service: read-only with the reason
 * before login and for an agent; for an admin, the policy saved to the central service, a platform added
 * (its secret shown once, in a dialog with copy buttons) and removed after confirmation.
 */
const dir = tempDir();
let pcs: SyncedPcs;
let page: Page;
/** The network between this PC and the central service: cut and restored by the test. */
let connected = true;
const shot = (name: string) => saveScreenshot(page, name);
const panel = () => page.getByRole('region', { name: 'Accès des lecteurs' });

async function openSettings() {
  await page.goto(`${pcs.origin}/#/reglages`);
  // The same address again is no navigation: a reload asks the service afresh (login changed).
  await page.reload();
  await panel().waitFor();
  await page.waitForLoadState('networkidle');
}

beforeAll(async () => {
  pcs = await openSyncedPcs(dir, (url) => {
    const inner = httpTransport(url);
    return {
      send: (request) => (connected ? inner.send(request) : Promise.reject(offline('réseau coupé (test)'))),
    };
  });
  await pcs.central.addUser('admin@lot.fr', 'admin', password);
  page = pcs.page;
});

afterAll(() => pcs?.close());

describe('Réglages « Accès des lecteurs »', () => {
  it('without a login: the rules this PC applies, read-only, and why', async () => {
    await openSettings();
    await panel().getByText('Ce poste n’est pas connecté au serveur central').waitFor();
    expect(await panel().getByLabel('Délai de grâce (jours)').isDisabled()).toBe(true);
    expect(await panel().getByRole('button', { name: 'Ajouter une plateforme' }).count()).toBe(0);
  });

  it('an agent reads the rules and is told why they cannot change them', async () => {
    await pcs.api.call('sync.login', { serverUrl: pcs.central.url, email: 'marie@lot.fr', password });
    await openSettings();
    await panel().getByText('Seul un compte administrateur du serveur central peut modifier').waitFor();
    expect(await panel().getByRole('button', { name: 'Enregistrer les règles d’accès' }).count()).toBe(0);
    expect(await seriousAxeFindings(page)).toEqual([]);
  });

  it('an admin changes the policy and adds a platform: the secret once, with a warning and copy buttons', async () => {
    await pcs.api.call('sync.logout', {});
    await pcs.api.call('sync.login', { serverUrl: pcs.central.url, email: 'admin@lot.fr', password });
    await openSettings();
    await panel().getByText(`${pcs.central.url}/oidc/.well-known/openid-configuration`).waitFor();

    const grace = panel().getByLabel('Délai de grâce (jours)');
    await grace.fill('45');
    await panel().getByRole('textbox', { name: 'EPCI ouverts par décision du Département' }).click();
    await page.getByRole('option', { name: /Grand-Figeac/ }).click();
    await page.keyboard.press('Escape');
    await panel().getByRole('button', { name: 'Enregistrer les règles d’accès' }).click();
    await panel().getByRole('status').filter({ hasText: 'Enregistré sur le serveur central' }).waitFor();
    expect((await pcs.api.call('access.policy.get', {})).policy).toEqual({
      graceDays: 45,
      openedEpcis: [grandFigeac],
    });

    await panel().getByRole('button', { name: 'Ajouter une plateforme' }).click();
    const form = page.getByRole('dialog', { name: 'Ajouter une plateforme' });
    await form.getByLabel('Nom de la plateforme').fill('Cantook');
    await form.getByLabel('Adresses de retour').fill('https://cantook.example/oidc/retour');
    await form.getByLabel('Lui transmettre la catégorie du lecteur (adulte, jeunesse…)').check();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await form.getByRole('button', { name: 'Enregistrer la plateforme' }).click();

    const shown = page.getByRole('dialog', { name: 'Plateforme enregistrée' });
    await shown.getByText('Le secret ne sera plus affiché').waitFor();
    await shown.getByRole('button', { name: 'Copier : Secret client' }).waitFor();
    const { platforms } = await pcs.api.call('access.platform.list', {});
    expect(platforms.map((p) => p.name)).toEqual(['Cantook']);
    const clientId = platforms[0]?.clientId as string;
    await shown.getByText(clientId).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(forbiddenWordsIn([await shown.innerText()], allowedOnScreens)).toEqual([]);
    await shot('reglages-acces-secret-plateforme.png');
    await shown.getByRole('button', { name: 'J’ai copié le secret' }).click();
    await shown.waitFor({ state: 'hidden' });

    // Listed, never with its secret again.
    await panel().getByRole('cell', { name: clientId }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(forbiddenWordsIn([await panel().innerText()], allowedOnScreens)).toEqual([]);
    await saveScreenshot(panel(), 'reglages-acces-des-lecteurs.png');
  });

  it('« Retirer » asks first, then the platform is gone', async () => {
    await panel().getByRole('button', { name: 'Retirer la plateforme Cantook' }).click();
    const confirm = page.getByRole('dialog', { name: 'Retirer cette plateforme ?' });
    await confirm.getByRole('button', { name: 'Retirer la plateforme' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await panel().getByText('Aucune plateforme enregistrée.').waitFor();
    expect((await pcs.api.call('access.platform.list', {})).platforms).toEqual([]);
    expect(pcs.errors).toEqual([]);
  });

  it('offline, an admin sees the rules last received, read-only, and why', async () => {
    connected = false;
    try {
      await openSettings();
      await panel().getByText('Serveur central injoignable').waitFor();
      expect(await panel().getByLabel('Délai de grâce (jours)').inputValue()).toBe('45');
      expect(await panel().getByLabel('Délai de grâce (jours)').isDisabled()).toBe(true);
      expect(await panel().getByRole('button', { name: 'Ajouter une plateforme' }).count()).toBe(0);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await saveScreenshot(panel(), 'reglages-acces-hors-ligne.png');
    } finally {
      connected = true;
    }
  });

  it('Participations: « Actualiser les chiffres » pulls the year’s active patrons and the indicators show them', async () => {
    await pcs.api.call('library.add', {
      name: 'Médiathèque de Figeac',
      commune: '46102',
      ils: 'other',
      code: 'BIB-FIGEAC',
      participating: true,
      participatingSince: '2025-01-01',
    });
    await page.goto(`${pcs.origin}/#/contributions`);
    await page.reload();
    const section = page.getByRole('region', { name: /^Lecteurs actifs par bibliothèque en \d{4}$/ });
    await section.waitFor();
    const year =
      Number(/\d{4}/.exec((await section.getAttribute('aria-labelledby')) ?? '') ?? 0) ||
      Number(/\d{4}$/.exec(await section.getByRole('heading').first().innerText())?.[0]);
    await section.getByRole('button', { name: 'Actualiser les chiffres' }).click();
    await section.getByText(/lecteurs actifs dans le département \(chiffres du/).waitFor();
    await section.getByRole('cell', { name: 'Médiathèque de Figeac' }).waitFor();
    await page
      .getByRole('region', { name: 'Lecteurs actifs' })
      .getByText(/Au moins une connexion/)
      .waitFor();
    expect((await pcs.api.call('indicators.compute', { year })).activityFetchedAt).not.toBeNull();
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(forbiddenWordsIn([await page.locator('main').innerText()], allowedOnScreens)).toEqual([]);
    await saveScreenshot(page, 'participations-lecteurs-actifs.png', { fullPage: true });
    expect(pcs.errors).toEqual([]);
  });
});
