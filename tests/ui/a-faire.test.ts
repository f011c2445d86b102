import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateFr, today } from '../../shared/domain/dates.ts';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { CollectivitesPage } from './collectivites.page.ts';
import { EpciDetailPage } from './epci-detail.page.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';

/**
 * The to-do of the Collectivités list (issue 15) in Chromium through the browser host: next actions and
 * due dates in the list, the « À faire » view sorted by due date, overdue dates in red *and* in words,
 * and how many are late. The host's clock is the real one, so the dates are set around today.
 */
let app: HostPage;
let list: CollectivitesPage;
let epci: EpciDetailPage;

/** Today plus `days`, as `YYYY-MM-DD` (the way the services store it). */
function inDays(days: number): string {
  const [year, month, day] = today().split('-').map(Number) as [number, number, number];
  return today(new Date(year, month - 1, day + days, 12));
}

const late = inDays(-12);
const lateByUi = inDays(-3);
const soon = inDays(7);
const later = inDays(45);

const plan = [
  { name: 'CC Causses et Vallée de la Dordogne', action: 'Relancer le président', due: late },
  { name: 'CC du Quercy Blanc', action: 'Envoyer le projet de convention', due: later },
  { name: 'CC du Causse de Labastide Murat', action: 'Trouver un interlocuteur', due: null },
  { name: 'CA du Grand Cahors', action: 'Présenter le bilan au conseil', due: soon },
];

beforeAll(async () => {
  app = await openHostPage(path.join(tempDir(), 'a-faire.sqlite'));
  // No sliding of the filter's marker half-way through a screenshot (the theme respects reduced motion).
  await app.page.emulateMedia({ reducedMotion: 'reduce' });
  list = new CollectivitesPage(app.page);
  epci = new EpciDetailPage(app.page);
  const all = await app.api.call('epci.list', {});
  for (const { name, action, due } of plan) {
    const siren = all.find((e) => e.name === name)?.siren;
    if (!siren) throw new Error(`EPCI introuvable : ${name} (${all.map((e) => e.name).join(', ')})`);
    await app.api.call('epci.updateFollowUp', { siren, nextAction: action, nextActionDue: due });
  }
});
afterAll(() => app?.close());

describe('the « À faire » view of the Collectivités list', () => {
  it('sets an overdue next action on Grand-Figeac from its page, the date typed the French way', async () => {
    await app.page.goto(`${app.host.origin}/#/collectivites/200067361?onglet=suivi`);
    await app.page.getByLabel('À faire').fill('Rappeler la directrice des services');
    await app.page.getByLabel('Échéance').fill(formatDateFr(lateByUi));
    await app.page.getByRole('button', { name: 'Enregistrer' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Enregistré.' }).waitFor();
    const form = app.page.getByRole('form', { name: 'Prochaine action' });
    await expect.poll(() => form.getByText('en retard', { exact: true }).count()).toBe(1);
    // Kept as a French date in the field once saved and read again.
    expect(await app.page.getByLabel('Échéance').inputValue()).toBe(formatDateFr(lateByUi));
    expect(epci.page.url()).toContain('/collectivites/200067361');
    await saveScreenshot(app.page, 'collectivite-prochaine-action.png');
  });

  it('refuses a day that does not exist, in French, on the due date field', async () => {
    await app.page.getByLabel('Échéance').fill('31/02/2027');
    await app.page.getByRole('button', { name: 'Enregistrer' }).click();
    await app.page.getByText('Date invalide : le 31/02/2027 n’existe pas.').waitFor();
    const saved = (await app.api.call('epci.get', { siren: '200067361' })).followUp;
    expect(saved.nextActionDue).toBe(lateByUi);
  });

  it('shows next actions and due dates in the list, and how many are late', async () => {
    await app.page.getByRole('link', { name: 'Collectivités' }).first().click();
    await expect.poll(() => list.bodyRows().count()).toBe(10);
    expect(await list.columnHeader('Prochaine action').count()).toBe(1);
    expect(await list.columnHeader('Échéance').count()).toBe(1);
    expect(await list.overdueCount().innerText()).toBe('2 actions en retard');
    expect(await list.row('CC du Quercy Blanc').innerText()).toContain('Envoyer le projet de convention');
    expect(await list.row('CC du Quercy Blanc').innerText()).toContain(formatDateFr(later));
    expect(await app.page.getByText('À faire (5)').count()).toBe(1);
  });

  it('« À faire » keeps the five EPCI with a next action, soonest due first, the undated one last', async () => {
    await list.showView(/^À faire \(\d+\)$/);
    await expect.poll(() => list.bodyRows().count()).toBe(5);
    expect(await list.cellTexts('Nom')).toEqual([
      'CC Causses et Vallée de la Dordogne',
      'CC Grand-Figeac',
      'CA du Grand Cahors',
      'CC du Quercy Blanc',
      'CC du Causse de Labastide Murat',
    ]);
    const dues = (await list.cellTexts('Échéance')).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(dues).toEqual([
      `${formatDateFr(late)} en retard`,
      `${formatDateFr(lateByUi)} en retard`,
      formatDateFr(soon),
      formatDateFr(later),
      '—',
    ]);
    expect(await list.columnHeader('Échéance').getAttribute('aria-sort')).toBe('ascending');
    expect(await app.page.getByRole('table').locator('caption').innerText()).toMatch(
      /^5 actions à faire, la plus proche échéance d’abord/,
    );
  });

  it('marks a late date in red and in words, a date to come in neither', async () => {
    const lateCell = list.row('CC Causses et Vallée de la Dordogne').getByText(formatDateFr(late));
    const red = await lateCell.evaluate((element) => getComputedStyle(element).color);
    const upcoming = list.row('CA du Grand Cahors').getByText(formatDateFr(soon));
    const plain = await upcoming.evaluate((element) => getComputedStyle(element).color);
    const [r, g, b] = red.match(/\d+/g)?.map(Number) ?? [];
    expect(r).toBeGreaterThan(150);
    expect((g ?? 255) + (b ?? 255)).toBeLessThan(120);
    expect(plain).not.toBe(red);
    expect(await list.row('CA du Grand Cahors').innerText()).not.toContain('en retard');
    await saveScreenshot(app.page, 'collectivites-a-faire.png', { fullPage: true });
  });

  it('has nothing serious for axe with overdue dates shown', async () => {
    expect(await seriousAxeFindings(app.page)).toEqual([]);
  });

  it('is still « À faire » on coming back from an EPCI opened with the keyboard', async () => {
    await list.bodyRows().first().focus();
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('heading', { name: 'CC Grand-Figeac' }).waitFor();
    await app.page.goBack();
    await expect.poll(() => list.bodyRows().count()).toBe(5);
    expect(await list.view(/^À faire/).isChecked()).toBe(true);
    await list.showView(/^Toutes$/);
    await expect.poll(() => list.bodyRows().count()).toBe(10);
    expect((await list.cellTexts('Nom'))[0]).toBe('CA du Grand Cahors');
    expect(await list.columnHeader('Population municipale').count()).toBe(1);
    // The two new columns fit beside the others at 1280 pixels: nothing to scroll sideways.
    expect(await app.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await saveScreenshot(app.page, 'collectivites-actions.png', { fullPage: true });
  });

  it('ran without a single error in the page console', () => {
    expect(app.errors).toEqual([]);
  });
});
