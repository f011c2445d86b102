import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { epciCells } from '../../electron/services/reports/financing-layout.ts';
import type { Api } from '../../shared/api.ts';
import { AppError } from '../../shared/errors.ts';
import { grandFigeac, openTestApp } from '../helpers/app.ts';
import { expectNoStackTrace, runCli } from '../helpers/cli.ts';
import { contributionsCliLineKeys } from '../helpers/contributions-cli.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const dbFile = 'contributions-bands.sqlite';
let api: Api;

/** Grand-Figeac, every commune (45 489 inhabitants, totale 2022): 10 000 at 0,30 €, the rest at 0,15 €. */
const banded = (overrides: Record<string, unknown> = {}) => ({
  name: 'Grand-Figeac dégressif',
  year: 2027,
  conventions: [
    {
      epci: grandFigeac,
      rate: '0.30',
      start: '2027-01-01',
      end: null,
      basis: 'totale' as const,
      millesime: 2022,
      perimeter: 'epci' as const,
      prorata: 'days' as const,
      floor: null,
      cap: null,
      bands: [
        { upTo: 10000, rate: '0.30' },
        { upTo: null, rate: '0.15' },
      ],
      ...overrides,
    },
  ],
});

beforeAll(async () => {
  ({ api } = await openTestApp(dir, dbFile));
});

describe('a scenario with degressive bands, through the service', () => {
  it('charges 10 000 inhabitants at 0,30 € and 35 489 at 0,15 € for a full year: 3 000 + 5 323,35 = 8 323,35 €', async () => {
    const result = await api.call('contributions.compute', { year: 2027, scenario: banded() });
    const [line] = result.lines.filter((l) => l.epci === grandFigeac);
    // 10 000 × 0,30 = 3 000,00 € ; 35 489 × 0,15 = 5 323,35 € ; 365/365 of the year.
    expect(line).toMatchObject({
      population: 45_489,
      rate: '0.30',
      rateE4: 3000,
      bands: [
        { upTo: 10000, rate: '0.30', rateE4: 3000 },
        { upTo: null, rate: '0.15', rateE4: 1500 },
      ],
      prorataFraction: { numerator: 365, denominator: 365 },
      amountCents: 832_335,
      source: 'scenario',
    });
    expect(line?.steps.join('\n')).toContain('35\u202f489 × 0,15 € = 5\u202f323,35 €');
  });

  it('prorates the banded amount: from 1 July, 184/365 of 8 323,35 € = 4 195,88 €', async () => {
    const result = await api.call('contributions.compute', {
      year: 2027,
      scenario: banded({ start: '2027-07-01' }),
    });
    // 832 335 × 184 / 365 = 419 588,05… cents → 419 588.
    expect(result.lines.find((l) => l.epci === grandFigeac)?.amountCents).toBe(419_588);
  });

  it('refuses bands that do not follow the rules, in French, before any computation', async () => {
    const wrong = banded({
      bands: [
        { upTo: 10000, rate: '0.25' },
        { upTo: null, rate: '0.15' },
      ],
    });
    const error = await api.call('contributions.compute', { year: 2027, scenario: wrong }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe(
      'Données invalides : Le taux de la première tranche (0,25 €) doit être le taux de la convention (0,30 €).',
    );
  });
});

describe('mednum contributions --scenario with bands', () => {
  it('computes the banded amount and keeps the lines’ JSON shape', () => {
    const file = path.join(dir, 'degressif.json');
    fs.writeFileSync(file, JSON.stringify(banded({ prorata: 'none' })));
    const db = path.join(dir, dbFile);
    const result = runCli(dir, ['contributions', '--year', '2027', '--scenario', file, '--json', '--db', db]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['year', 'lines', 'totalCents']);
    const line = json.lines.find((l: { epci: string }) => l.epci === grandFigeac);
    expect(Object.keys(line)).toEqual([...contributionsCliLineKeys]);
    expect(line).toMatchObject({
      population: 45_489,
      rate: '0.30',
      prorata: '1.000000',
      amountCents: 832_335,
    });
  });

  it('refuses a file whose bands are wrong with exit 2 and the French reason', () => {
    const file = path.join(dir, 'degressif-faux.json');
    fs.writeFileSync(
      file,
      JSON.stringify(
        banded({
          bands: [
            { upTo: 10000, rate: '0.30' },
            { upTo: 20000, rate: '0.15' },
          ],
        }),
      ),
    );
    const db = path.join(dir, dbFile);
    const result = runCli(dir, ['contributions', '--year', '2027', '--scenario', file, '--json', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dernière tranche n’a pas de seuil/);
    expectNoStackTrace(result.stderr);
  });

  it('writes the banded scenario’s EPCI sheet into the financing workbook', async () => {
    const file = path.join(dir, 'degressif.json');
    const out = path.join(dir, 'rapport-degressif.xlsx');
    const db = path.join(dir, dbFile);
    const result = runCli(dir, [
      'report',
      'financing',
      '--year',
      '2027',
      '--scenario',
      file,
      '--out',
      out,
      '--db',
      db,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(out) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets.find((ws) => ws.name.startsWith('CC Grand-Figeac'));
    expect(sheet?.getCell(epciCells.amountCents).result).toBe(832_335);
    expect(sheet?.getCell(epciCells.exactCents).formula).toMatch(/^SUM\(J12:J13\)\*/);
  });
});
