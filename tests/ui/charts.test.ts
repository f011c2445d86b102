import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { hostApi, saveScreenshot, screenshotDir } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type ContributionsApp, figeac, openWithFigeacConvention } from './contributions.setup.ts';
import { plain, type ScenariosPage } from './scenarios.page.ts';

const dir = tempDir();
let app: ContributionsApp;
let page: Page;
let screen: ScenariosPage;
let errors: string[];

const year = new Date().getFullYear() + 1;
const title = 'Participation par EPCI en 2027';

beforeAll(async () => {
  app = await openWithFigeacConvention(dir, 'charts.sqlite');
  ({ page, screen, errors } = app);
  // The year's cost, for the Département / EPCI chart of the indicators.
  await hostApi(page, new URL(app.host.url).origin).call('cost.add', {
    year: 2027,
    vendor: 'Fournisseur de ressources',
    label: 'Abonnement annuel',
    pricing: 'flat',
    amount: '20000',
    by: 'Marie Dupont',
  });
});

afterAll(() => app?.close());

async function openParticipations() {
  await screen.nav('Participations');
  if (year !== 2027) await screen.choose(page, 'Année', '2027');
  await page.getByRole('img', { name: title }).waitFor();
}

describe('the charts of the Participations screen', () => {
  it('shows the amount of a bar in euros, in French, under the pointer', async () => {
    await openParticipations();
    const chart = page.getByRole('img', { name: title });
    await chart.locator('.recharts-bar-rectangle').first().hover();
    const tooltip = chart.locator('.recharts-tooltip-wrapper');
    await expect.poll(async () => plain(await tooltip.innerText())).toContain(figeac.name);
    const text = plain(await tooltip.innerText());
    expect(text).toContain('Conventions');
    expect(text).toContain('6 879,43 €');
    await saveScreenshot(page, 'graphique-infobulle.png');
  });

  it('saves a chart as a PNG image', async () => {
    const figure = page.getByRole('figure', { name: title });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('button', { name: `Enregistrer l’image : ${title}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${title}.png`);
    const png = fs.readFileSync(await download.path());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The IHDR chunk: at least the chart's width on screen (drawn at twice its size).
    const box = await page.getByRole('img', { name: title }).boundingBox();
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(box?.width ?? Number.POSITIVE_INFINITY);
    expect(png.readUInt32BE(20)).toBeGreaterThan(0);
    fs.mkdirSync(screenshotDir, { recursive: true });
    fs.copyFileSync(await download.path(), path.join(screenshotDir, 'graphique-export.png'));
  });

  it('reports no serious accessibility finding on the screens with charts', async () => {
    await page.getByRole('img', { name: 'Département / EPCI : répartition du coût 2027' }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
  });

  it('prints the charts as they show, without the button', async () => {
    await page.emulateMedia({ media: 'print' });
    const figure = page.getByRole('figure', { name: title });
    expect(await figure.getByRole('button', { name: /^Enregistrer l’image/ }).isVisible()).toBe(false);
    const chart = (await figure.locator('svg.recharts-surface').boundingBox())?.width ?? 0;
    const room = (await figure.boundingBox())?.width ?? 0;
    expect(chart).toBeGreaterThan(0);
    expect(chart).toBeLessThanOrEqual(room);
    await saveScreenshot(page, 'participations-impression.png', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('renders Participations with a convention for every EPCI (time printed)', async () => {
    const api = hostApi(page, new URL(app.host.url).origin);
    const epcis = await api.call('epci.list', {});
    for (const epci of epcis.filter((e) => e.siren !== figeac.siren)) {
      await api.call('convention.add', {
        epci: epci.siren,
        start: '2027-01-01',
        rate: '0.30',
        basis: 'totale',
        millesime: 2022,
        perimeter: 'epci',
        prorata: 'days',
      });
    }
    // Timed in the page, from the click on the menu to the chart's last bar drawn (the year shown by
    // default: every convention is in force then), so the test runner's round trips are not counted.
    const chartTitle = `Participation par EPCI en ${year}`;
    const times: number[] = [];
    for (let run = 0; run < 9; run += 1) {
      await screen.nav('Collectivités');
      await page.getByRole('heading', { name: 'Collectivités', level: 2 }).waitFor();
      times.push(
        await page.evaluate(
          ({ name, bars }) => {
            const link = [...document.querySelectorAll('nav a')].find(
              (a) => a.textContent === 'Participations',
            );
            const start = performance.now();
            (link as HTMLElement).click();
            return new Promise<number>((resolve) => {
              const drawn = () => {
                const chart = document.querySelector(`[role="img"][aria-label="${name}"]`);
                // The bars of the chart before this change too (SVG rects with a title), to compare.
                if ((chart?.querySelectorAll('.recharts-bar-rectangle, rect:has(title)').length ?? 0) >= bars)
                  resolve(performance.now() - start);
                else requestAnimationFrame(drawn);
              };
              drawn();
            });
          },
          { name: chartTitle, bars: epcis.length },
        ),
      );
    }
    const median = [...times].sort((a, b) => a - b)[4] ?? 0;
    console.log(
      `Participations, ${epcis.length} EPCI : ${Math.round(median)} ms (médiane de 9 ; ${times.map(Math.round).join(', ')})`,
    );
    if (year !== 2027) await screen.choose(page, 'Année', '2027');
    await saveScreenshot(page.getByRole('figure', { name: title }), 'graphique-tous-epci.png');
  });

  it('logged no unexpected console error', () => {
    expect(errors).toEqual([]);
  });
});
