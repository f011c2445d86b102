import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bnrSheets } from '../../electron/services/reports/bnr-sheets.ts';
import {
  surveyFirstRow,
  surveyItemKeys,
  surveySheetName,
} from '../../electron/services/reports/survey-sheet.ts';
import { cliBase, cliTestTimeout, expectRefused } from '../helpers/cli-base.ts';
import { repoRoot } from '../helpers/temp.ts';
import { hasLibreOffice, poisoned, recalculateToCsv } from './reports/libreoffice.ts';

const fixture = (name: string) => path.join(repoRoot, 'tests/fixtures/usage', name);

/** `mednum report bnr` and `mednum report survey` on the bundle: files written, figures the app's. */
describe('mednum report bnr / survey', { timeout: cliTestTimeout }, () => {
  const { dir, cli, json } = cliBase('report-bnr.sqlite');

  it.skipIf(!hasLibreOffice)(
    'writes both workbooks; recalculated, they give `indicators usage`’s figures',
    async () => {
      expect(cli('usage', 'import', fixture('pr-r5-cafeyn.json'), '--by', 'Claire').code).toBe(0);
      for (const [year, amount] of [
        ['2025', '5 000'],
        ['2026', '6 000'],
      ] as const)
        expect(
          cli(
            ...['cost', 'add', '--year', year, '--vendor', 'Cafeyn', '--label', 'Presse'],
            ...['--pricing', 'flat', '--amount', amount, '--by', 'Claire'],
          ).code,
        ).toBe(0);
      const usage = json('indicators', 'usage', '--year', '2026');

      const bnr = path.join(dir, 'dossier.xlsx');
      const written = cli('report', 'bnr', '--from', '2025', '--to', '2026', '--out', bnr);
      expect(written.stderr).toBe('');
      expect(written.code).toBe(0);
      expect(written.stdout).toContain('Dossier BNR écrit dans');
      const poisonedBnr = path.join(dir, 'dossier-faux.xlsx');
      fs.writeFileSync(poisonedBnr, await poisoned(fs.readFileSync(bnr)));
      const sheets = await recalculateToCsv(poisonedBnr, dir);
      expect([...sheets.keys()].sort()).toEqual(Object.values(bnrSheets).sort());
      const cafeyn = sheets.get(bnrSheets.usage)?.find((r) => r[0] === '2026' && r[1] === 'Cafeyn');
      expect(Number(cafeyn?.[5]).toFixed(2)).toBe(usage.platforms[0].costPerUse);
      const budget = sheets.get(bnrSheets.budget)?.find((r, i) => i >= 4 && r[0] === '2025');
      expect(Number(budget?.[1])).toBe(5000);

      const survey = path.join(dir, 'enquete.xlsx');
      expect(cli('report', 'survey', '--year', '2026', '--out', survey).code).toBe(0);
      const poisonedSurvey = path.join(dir, 'enquete-faux.xlsx');
      fs.writeFileSync(poisonedSurvey, await poisoned(fs.readFileSync(survey)));
      const rows = (await recalculateToCsv(poisonedSurvey, dir)).get(surveySheetName(2026)) ?? [];
      const uses = rows[surveyFirstRow - 1 + surveyItemKeys.indexOf('uses')]?.[1];
      expect(Number(uses)).toBe(usage.departement.requests);
      const costPerUse = rows[surveyFirstRow - 1 + surveyItemKeys.indexOf('costPerUse')]?.[1];
      expect(Number(costPerUse).toFixed(2)).toBe(usage.departement.costPerUse);

      // Without years: the three years up to the proposed one.
      const byDefault = path.join(dir, 'defaut.xlsx');
      expect(cli('report', 'bnr', '--out', byDefault).code).toBe(0);
      expect(fs.statSync(byDefault).size).toBeGreaterThan(0);
    },
  );

  it('refuses a year that is not one, or years in the wrong order, in French', () => {
    const out = path.join(dir, 'x.xlsx');
    expectRefused(cli('report', 'survey', '--year', 'cette année', '--out', out), 2, /^Année invalide/);
    expectRefused(
      cli('report', 'bnr', '--from', '2027', '--to', '2025', '--out', out),
      2,
      /La première année doit précéder la dernière/,
    );
  });
});
