import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBase, cliTestTimeout, expectRefused } from '../helpers/cli-base.ts';
import { repoRoot } from '../helpers/temp.ts';

const fixture = (name: string) => path.join(repoRoot, 'tests/fixtures/usage', name);

/** The fixture's Total_Item_Requests over the file, read from its R5 JSON directly. */
function cafeynRequests(): number {
  type R5 = { Report_Items: { Performance: { Instance: { Metric_Type: string; Count: number }[] }[] }[] };
  const report = JSON.parse(fs.readFileSync(fixture('pr-r5-cafeyn.json'), 'utf8')) as R5;
  let sum = 0;
  for (const item of report.Report_Items)
    for (const p of item.Performance)
      for (const i of p.Instance) if (i.Metric_Type === 'Total_Item_Requests') sum += i.Count;
  return sum;
}

describe('mednum indicators usage', { timeout: cliTestTimeout }, () => {
  const { cli, json } = cliBase('usage-indicators.sqlite');

  it('gives uses, the matched cost and the cost per use; says which cost line matched nothing', () => {
    expect(cli('usage', 'import', fixture('pr-r5-cafeyn.json'), '--by', 'Claire').code).toBe(0);
    const add = (vendor: string, amount: string) =>
      cli(
        ...[
          'cost',
          'add',
          '--year',
          '2026',
          '--vendor',
          vendor,
          '--label',
          'Abonnement',
          '--pricing',
          'flat',
        ],
        ...['--amount', amount, '--by', 'Claire'],
      ).code;
    expect(add('CAFÉYN', '6 000')).toBe(0);
    expect(add('Hébergeur', '100')).toBe(0);

    const requests = cafeynRequests();
    const data = json('indicators', 'usage', '--year', '2026');
    expect(data.platforms).toEqual([
      expect.objectContaining({
        platform: 'Cafeyn',
        requests,
        costCents: 600_000,
        costPerUse: (Math.round(600_000 / requests) / 100).toFixed(2),
        activePatrons: null,
        costPerActivePatron: null,
      }),
    ]);
    expect(data.unmatchedCosts).toEqual([
      expect.objectContaining({ vendor: 'Hébergeur', amountCents: 10_000 }),
    ]);
    expect(data.departement).toMatchObject({ requests, costCents: 610_000, activePatrons: null });

    const text = cli('indicators', 'usage', '--year', '2026');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Indicateurs d’usage 2026/);
    expect(text.stdout).toMatch(/pas encore de chiffres de connexion pour 2026/);
    expect(text.stdout).toMatch(/Ligne de coût rattachée à aucune plateforme : Hébergeur/);
    // The older `indicators` command is still reached on its own.
    expect(cli('indicators', '--year', '2026').stdout).toMatch(/^Indicateurs 2026/);
  });

  it('refuses a year that is not one', () => {
    expectRefused(cli('indicators', 'usage', '--year', 'cette année'), 2, /^Année invalide/);
  });
});
