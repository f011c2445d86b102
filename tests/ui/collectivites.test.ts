import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, saveScreenshot, startAppHost } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { CollectivitesPage } from './collectivites.page.ts';

const dir = tempDir();
let browser: Browser;
let host: Awaited<ReturnType<typeof startAppHost>>;
let page: Page;
let screen: CollectivitesPage;
const errors: string[] = [];

// Narrow no-break spaces, as Intl's French number format writes them.
const fr = (n: number) => new Intl.NumberFormat('fr-FR').format(n);

beforeAll(async () => {
  host = await startAppHost(path.join(dir, 'ui.sqlite'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  screen = new CollectivitesPage(page);
  await openApp(page, host.url);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('the Collectivités screen in Chromium', () => {
  it('lists the ten EPCI of the Lot with French-formatted populations', async () => {
    await expect.poll(() => screen.bodyRows().count()).toBe(10);
    const figeac = screen.row('CC Grand-Figeac');
    await expect.poll(() => figeac.innerText()).toContain(fr(43924));
    expect(await figeac.innerText()).toContain(fr(45489));
    await saveScreenshot(page, 'collectivites-liste.png', { fullPage: true });
  });

  it('sorts by population when the header is clicked, and reverses on a second click', async () => {
    await screen.columnHeader('Population municipale').getByRole('button').click();
    const ascending = (await screen.cellTexts('Population municipale')).map((t) =>
      Number(t.replace(/\D/g, '')),
    );
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await screen.columnHeader('Population municipale').getByRole('button').click();
    const descending = (await screen.cellTexts('Population municipale')).map((t) =>
      Number(t.replace(/\D/g, '')),
    );
    expect(descending).toEqual([...ascending].reverse());
    expect(await screen.columnHeader('Population municipale').getAttribute('aria-sort')).toBe('descending');
  });

  it('finds Grand-Figeac from "figeac", without accents or capitals', async () => {
    await screen.search().fill('figeac');
    await expect.poll(() => screen.bodyRows().count()).toBe(1);
    expect(await screen.bodyRows().first().innerText()).toContain('CC Grand-Figeac');
    await screen.search().fill('CAUSSE LABASTIDE');
    await expect
      .poll(() => screen.bodyRows().allInnerTexts())
      .toEqual([expect.stringContaining('CC du Causse de Labastide Murat')]);
    await screen.search().fill('figeac');
  });

  it('opens Grand-Figeac with the keyboard and shows its 92 communes, six of them in Aveyron', async () => {
    await screen.bodyRows().first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'CC Grand-Figeac' }).waitFor();
    await screen.tab('Communes (92)').click();
    await expect.poll(() => screen.bodyRows().count()).toBe(92);
    expect(await screen.bodyRows().filter({ hasText: 'hors département' }).count()).toBe(6);
    expect(await page.getByText(fr(43924)).first().isVisible()).toBe(true);
    const figeacTown = screen.row('46102');
    expect(await figeacTown.innerText()).toMatch(/Figeac/);
    await saveScreenshot(page, 'collectivites-grand-figeac.png');
  });

  it('makes the 92 communes one stop of the Tab key: Home/End and the arrows move inside, Tab leaves', async () => {
    const rows = screen.bodyRows();
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    const inRows = () => page.evaluate(() => document.activeElement?.closest('tbody') !== null);
    expect(await rows.evaluateAll((trs) => trs.filter((tr) => tr.tabIndex === 0).length)).toBe(1);
    await rows.first().focus();
    await page.keyboard.press('End');
    expect(await focusedText()).toBe(await rows.last().textContent());
    await page.keyboard.press('ArrowUp');
    const chosen = await focusedText();
    expect(chosen).toBe(await rows.nth(90).textContent());
    await page.keyboard.press('Tab');
    expect(await inRows()).toBe(false);
    // Back with Shift+Tab: the row left last, not the first one.
    await page.keyboard.press('Shift+Tab');
    expect(await focusedText()).toBe(chosen);
    await page.keyboard.press('Home');
    expect(await focusedText()).toBe(await rows.first().textContent());
  });

  it('goes back to the list through the breadcrumb', async () => {
    await page.getByRole('link', { name: 'Collectivités' }).first().click();
    await expect.poll(() => screen.bodyRows().count()).toBe(10);
  });

  it('ran without a single error in the page console', () => {
    expect(errors).toEqual([]);
  });
});
