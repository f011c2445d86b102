import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { createApi } from '../../shared/api.ts';
import { generatePatronFile } from '../bench/patron-file.ts';
import { saveScreenshot } from '../helpers/browser.ts';
import { placeSeededDatabase } from '../helpers/seeded-database.ts';
import { filePatrons, patronWriter } from '../helpers/stored-patrons.ts';
import { tempDir } from '../helpers/temp.ts';
import { type HostPage, openHostPage } from './host-page.setup.ts';
import { LecteursPage } from './lecteurs.page.ts';

/**
 * The Lecteurs list with 100,000 patrons: only the rows in view exist, the keyboard walks the whole list,
 * and jumping anywhere in it stays quick. The figure printed is the time from setting the scroll position
 * to the target row being in the page (« dessinée ») and then showing its patron (« remplie », which
 * includes fetching its page of `patronPageSize` from the service), as medians of GRID_RUNS runs of 20 jumps.
 */
const patrons = 100_000;
const runs = Number(process.env.GRID_RUNS ?? 5);
const jumpsPerRun = 20;
/** For what waits on a page of patrons from the service, slow on a busy machine. */
const fetched = { timeout: 15_000 };
const dir = tempDir('mednum-patron-grid-');
let app: HostPage;
let lecteurs: LecteursPage;

/**
 * The patrons are written into the file before the host opens it, as an import leaves them: importing
 * 100,000 rows first took 4–5 s of this timed file, for nothing its tests look at (the import has its own).
 */
beforeAll(async () => {
  const databasePath = path.join(dir, 'grid.sqlite');
  await placeSeededDatabase(databasePath);
  const context = await openAppContext({ databasePath, version: 'test' });
  const api = createApi(localInvoke(openGate(context)));
  await api.call('settings.update', { staffName: 'Claire Agent' });
  const { id } = await api.call('library.add', {
    name: 'Médiathèque de Figeac',
    commune: '46102',
    ils: 'other',
  });
  const { sqlite } = context.database;
  const write = patronWriter(sqlite);
  const file = generatePatronFile({ rows: patrons, prefix: 'GR', seed: 5, badShare: 0 });
  sqlite.transaction(() => {
    for (const patron of filePatrons(file)) write(id, patron);
  })();
  await context.close();
  app = await openHostPage(databasePath);
  lecteurs = new LecteursPage(app.page);
}, 180_000);

afterAll(() => app?.close());

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

describe('the Lecteurs list with 100,000 patrons', () => {
  it('draws only the rows in view, with the table semantics and a tooltip on each cell', async () => {
    const { page } = app;
    await page.goto(`${app.host.origin}/#/lecteurs`);
    await expect.poll(() => lecteurs.result().innerText(), fetched).toMatch(/^100\s000 lecteurs/);
    expect(await lecteurs.list().getAttribute('aria-rowcount')).toBe(String(patrons + 1));
    await expect.poll(() => lecteurs.rows().first().locator('td').count(), fetched).toBe(7);
    const drawn = await lecteurs.rows().count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(60);
    const first = lecteurs.rows().first();
    expect(await first.getAttribute('aria-rowindex')).toBe('2');
    const card = first.locator('td').nth(1);
    expect(await card.getAttribute('title')).toMatch(/^GR\d{6}$/);
    expect(await card.getAttribute('title')).toBe((await card.innerText()).trim());
    expect(await lecteurs.list().locator('thead tr').getAttribute('aria-rowindex')).toBe('1');
    await saveScreenshot(page, 'lecteurs-100000.png', { fullPage: true });
  });

  it('walks the list with the keyboard, fetching the pages it reaches, and opens a card with Entrée', async () => {
    const { page } = app;
    const focusedIndex = () => page.evaluate(() => document.activeElement?.getAttribute('data-index'));
    await lecteurs.rows().first().focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIndex).toBe('1');
    await page.keyboard.press('PageDown');
    await expect.poll(async () => Number(await focusedIndex())).toBeGreaterThan(5);
    await page.keyboard.press('PageUp');
    await expect.poll(focusedIndex).toBe('1');
    await page.keyboard.press('End');
    await expect.poll(focusedIndex).toBe(String(patrons - 1));
    const last = lecteurs.list().locator(`tr[data-index="${patrons - 1}"]`);
    await expect.poll(() => last.locator('td').count(), fetched).toBe(7);
    expect(await last.getAttribute('aria-rowindex')).toBe(String(patrons + 1));
    expect(await lecteurs.list().locator('tr[data-index="0"]').count()).toBe(0);
    expect(await lecteurs.rows().count()).toBeLessThan(60);
    await saveScreenshot(page, 'lecteurs-100000-fin.png');
    await page.keyboard.press('ArrowUp');
    await expect.poll(focusedIndex).toBe(String(patrons - 2));
    await page.keyboard.press('Home');
    await expect.poll(focusedIndex).toBe('0');
    await expect.poll(() => lecteurs.rows().first().locator('td').count(), fetched).toBe(7);
    const name = (await lecteurs.rows().first().locator('td').first().innerText()).trim();
    await page.keyboard.press('Enter');
    await lecteurs.dialog().getByRole('table', { name: 'Fiche du lecteur' }).waitFor();
    expect(await lecteurs.dialog().innerText()).toContain(name.split(' ')[0]);
    await page.keyboard.press('Escape');
    await lecteurs.dialog().waitFor({ state: 'detached' });
  });

  it('jumps anywhere in the list quickly (figures printed: median and every run)', async () => {
    const drawnRuns: number[] = [];
    const filledRuns: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const targets = Array.from(
        { length: jumpsPerRun },
        (_, jump) => (jump * 37_813 + run * 9_973 + 500) % (patrons - 100),
      );
      const times = await app.page.evaluate(async (rows) => {
        const table = document.querySelector('table[aria-label="Lecteurs"]') as HTMLTableElement;
        const scroller = table.parentElement as HTMLElement;
        const height = (table.querySelector('tbody tr[data-index]') as HTMLElement).offsetHeight;
        // Resolves at the first DOM change after which `ready` holds: a commit, not a frame.
        const when = (ready: () => boolean) =>
          new Promise<number>((resolve) => {
            if (ready()) return resolve(performance.now());
            const observer = new MutationObserver(() => {
              if (!ready()) return;
              observer.disconnect();
              resolve(performance.now());
            });
            observer.observe(table, { childList: true, subtree: true, characterData: true });
          });
        const frame = () =>
          new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const result: { drawn: number; filled: number }[] = [];
        for (const index of rows) {
          const row = () => table.querySelector(`tr[data-index="${index}"]`);
          const start = performance.now();
          scroller.scrollTop = index * height;
          const [drawn, filled] = await Promise.all([
            when(() => row() !== null),
            when(() => (row()?.querySelectorAll('td').length ?? 0) > 1),
          ]);
          result.push({ drawn: drawn - start, filled: filled - start });
          await frame();
        }
        return result;
      }, targets);
      drawnRuns.push(median(times.map((t) => t.drawn)));
      filledRuns.push(median(times.map((t) => t.filled)));
    }
    const list = (values: number[]) => values.map((v) => v.toFixed(1)).join(' ; ');
    process.stdout.write(
      `patron-grid: jump in ${patrons} patrons, ${runs} runs of ${jumpsPerRun} — row drawn: median ${median(drawnRuns).toFixed(1)} ms (runs ${list(drawnRuns)}); row filled: median ${median(filledRuns).toFixed(1)} ms (runs ${list(filledRuns)})\n`,
    );
    // Generous bounds (about 20 ms and 200 ms on an idle machine): drawing every row, or fetching more
    // than the pages in view, would take seconds.
    expect(median(drawnRuns)).toBeLessThan(250);
    expect(median(filledRuns)).toBeLessThan(3000);
  }, 120_000);

  it('ran without an error in the page console', () => {
    expect(app.errors).toEqual([]);
  });
});
