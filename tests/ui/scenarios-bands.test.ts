import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../helpers/axe.ts';
import { hostApi, saveScreenshot } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { type ContributionsApp, figeac, openWithFigeacConvention } from './contributions.setup.ts';
import { plain, type ScenariosPage } from './scenarios.page.ts';

const dir = tempDir();
let app: ContributionsApp;
let page: Page;
let screen: ScenariosPage;
let errors: string[];

const scenarioName = 'Grand-Figeac dégressif';
const year = new Date().getFullYear() + 1;

beforeAll(async () => {
  app = await openWithFigeacConvention(dir, 'scenarios-bands.sqlite');
  ({ page, screen, errors } = app);
  // The year's cost, for the Département / EPCI chart.
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

describe('a scenario with degressive bands, built from the keyboard', () => {
  it('adds the bands, with the schema’s French messages until they are complete', async () => {
    await screen.nav('Scénarios');
    await page.getByRole('button', { name: 'Nouveau scénario' }).click();
    await page.getByRole('textbox', { name: 'Nom du scénario' }).fill(scenarioName);
    await page.getByRole('textbox', { name: 'Année du scénario' }).fill('2027');
    await page.getByRole('button', { name: 'Ajouter une convention' }).click();
    const convention = screen.convention(1);
    await screen.choose(convention, 'EPCI', figeac.name);
    await convention.getByRole('textbox', { name: 'Taux (€/hab.)' }).fill('0,30');
    await screen.fillDate(convention, 'Début', '01/01/2027');
    await screen.choose(convention, 'Base', 'totale');
    await screen.choose(convention, 'Millésime', '2022');
    await screen.choose(convention, 'Prorata', 'année pleine');
    await page.getByText('Scénario valide').waitFor();

    // Keyboard only: focus the button, Enter; type in the fields, Tab between them.
    await page.getByRole('button', { name: 'Ajouter des tranches dégressives à la convention 1' }).focus();
    await page.keyboard.press('Enter');
    const bands = page.getByRole('group', { name: 'Tranches dégressives — convention 1' });
    await bands.waitFor();
    expect(plain(await bands.innerText())).toContain('Hypothèse de négociation');
    const threshold = bands.getByRole('textbox', { name: 'Tranche 1 : jusqu’à combien d’habitants' });
    expect(await threshold.inputValue()).toBe('10000');
    expect(plain(await bands.innerText())).toContain('0,30 € (taux de la convention)');
    const region = page.getByRole('region', { name: 'Scénarios' });
    // Nothing typed in the new band's rate yet: something to fill in, not an error.
    await expect
      .poll(async () => plain(await region.innerText()))
      .toContain('Convention 1 — Tranche 2 (taux) : à indiquer');

    await threshold.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('20 000');
    await page.keyboard.press('Tab'); // « Retirer la tranche 1 »
    await page.keyboard.press('Tab'); // « Au-delà : taux »
    await page.keyboard.type('0,15');
    expect(await bands.getByRole('textbox', { name: 'Au-delà : taux (€ par habitant)' }).inputValue()).toBe(
      '0,15',
    );
    await page.getByText('Scénario valide').waitFor();

    // A band in the middle, then back to the two bands.
    await bands.getByRole('button', { name: 'Ajouter une tranche' }).click();
    await expect
      .poll(async () => plain(await region.innerText()))
      .toContain('Convention 1 — Tranche 2 (seuil) : à indiquer');
    // Something that is not a number of inhabitants, once left: the schema's French message, on the field.
    const middle = bands.getByRole('textbox', { name: 'Tranche 2 : jusqu’à combien d’habitants' });
    await middle.fill('beaucoup');
    await middle.blur();
    await expect
      .poll(async () => plain(await region.innerText()))
      .toContain('Convention 1 — Tranche 2 (seuil) : Le seuil d’une tranche est un nombre d’habitants');
    expect(await middle.getAttribute('aria-invalid')).toBe('true');
    await bands.getByRole('button', { name: 'Retirer la tranche 2' }).click();
    await threshold.fill('10000');
    await page.getByText('Scénario valide').waitFor();

    // A second EPCI, without a stored convention: 2 000 inhabitants at 0,30 €, the rest at 0,10 €.
    await page.getByRole('button', { name: 'Ajouter une convention' }).click();
    const second = screen.convention(2);
    await screen.choose(second, 'EPCI', 'CC Cazals-Salviac');
    await second.getByRole('textbox', { name: 'Taux (€/hab.)' }).fill('0,30');
    await screen.fillDate(second, 'Début', '01/01/2027');
    await screen.choose(second, 'Millésime', '2022');
    await screen.choose(second, 'Prorata', 'année pleine');
    await page.getByRole('button', { name: 'Ajouter des tranches dégressives à la convention 2' }).click();
    const secondBands = page.getByRole('group', { name: 'Tranches dégressives — convention 2' });
    await secondBands.getByRole('textbox', { name: 'Tranche 1 : jusqu’à combien d’habitants' }).fill('2 000');
    await secondBands.getByRole('textbox', { name: 'Au-delà : taux (€ par habitant)' }).fill('0,10');
    await page.getByText('Scénario valide').waitFor();
  });

  it('compares it: 10 000 × 0,30 € + 35 489 × 0,15 € = 8 323,35 € for 2027', async () => {
    if (year !== 2027) await screen.choose(page, 'Année comparée', '2027');
    const row = screen.comparisonRow(2027, figeac.name);
    await expect.poll(async () => plain(await row.innerText())).toContain('8 323,35 €');
    expect(plain(await row.innerText())).toContain('6 879,43 €');

    // Cazals-Salviac: the service's banded amount, and the page's sensitivity (the shared engine, the
    // first band's rate tried, full year whatever the month) agree on it.
    const cazals = plain(await screen.comparisonRow(2027, 'CC Cazals-Salviac').innerText());
    const amount = /(\d[\d ]*,\d\d) €/.exec(cazals.replace('CC Cazals-Salviac', ''))?.[1];
    expect(amount).toBeDefined();
    await screen.choose(screen.section('Sensibilité'), 'EPCI', 'CC Cazals-Salviac (Grand-Figeac dégressif)');
    await page.getByText('tranches dégressives : le taux essayé est celui de la 1re tranche').waitFor();
    expect(await screen.sensitivityCell('0,30 €/hab.', 'janvier')).toBe(amount);
    expect(await screen.sensitivityCell('0,30 €/hab.', 'juillet')).toBe(amount);
    expect(await screen.sensitivityCell('0,20 €/hab.', 'janvier')).not.toBe(amount);
  });

  it('charts the coverage of each situation', async () => {
    const charts = screen.section('Graphiques');
    const coverage = charts.getByRole('img', { name: 'Population couverte en 2027' });
    await coverage.waitFor();
    const text = plain(await charts.innerText());
    expect(text).toContain('Couverte par une convention');
    expect(text).toContain('Non couverte');
    // The cost split: 20 000 € less the contributions, per situation.
    await charts.getByRole('img', { name: 'Département / EPCI : répartition du coût 2027' }).waitFor();
    expect(text).toContain('13 120,57 €'); // 20 000 − 6 879,43
    expect(text).toContain('10 733,45 €'); // 20 000 − 9 266,55
    // Each situation's name and share, as the axis writes it: a long one on two lines (one SVG tspan each).
    const names = plain(
      (
        await charts
          .locator('.recharts-yAxis .recharts-cartesian-axis-tick-value')
          .evaluateAll((ticks) =>
            ticks.map((tick) =>
              [...tick.querySelectorAll('tspan')].map((line) => line.textContent).join(' '),
            ),
          )
      ).join(' | '),
    );
    const share = (label: string) =>
      Number(new RegExp(`${label} — (\\d+,\\d) %`).exec(names)?.[1]?.replace(',', '.'));
    // Cazals-Salviac joins in the scenario: more of the département is covered.
    expect(share('Situation actuelle')).toBeGreaterThan(0);
    expect(share('Grand-Figeac dégressif')).toBeGreaterThan(share('Situation actuelle'));
    // The comparison's four charts, with their legends and buttons, read by assistive technologies.
    expect(await seriousAxeFindings(page)).toEqual([]);
    // A window tall enough for the four charts, bottom-aligned: the sticky header covers none of them.
    await page.setViewportSize({ width: 1280, height: 1400 });
    await charts.evaluate((element) => element.scrollIntoView({ block: 'end' }));
    await saveScreenshot(charts, 'scenarios-couverture.png');
    await page.setViewportSize({ width: 1280, height: 900 });
    await saveScreenshot(page, 'scenarios-tranches.png', { fullPage: true });
  });

  it('exports the bands in the scenario JSON and reads them back', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter en JSON' }).click(),
    ]);
    const text = fs.readFileSync(await download.path(), 'utf8');
    const json = JSON.parse(text) as { conventions: { bands?: unknown }[] };
    expect(json.conventions[0]?.bands).toStrictEqual([
      { upTo: 10000, rate: '0.30' },
      { upTo: null, rate: '0.15' },
    ]);

    await page.locator('input[type=file]').setInputFiles({
      name: 'relu.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text.replace(scenarioName, 'Relu')),
    });
    await page.getByRole('button', { name: 'Relu', exact: true }).waitFor();
    const bands = page.getByRole('group', { name: 'Tranches dégressives — convention 1' });
    expect(await bands.getByRole('textbox', { name: 'Au-delà : taux (€ par habitant)' }).inputValue()).toBe(
      '0,15',
    );
    expect(errors).toEqual([]);
  });
});
