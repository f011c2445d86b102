import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bandCells,
  comparisonLayout,
  epciCells,
} from '../../../electron/services/reports/financing-layout.ts';
import { writeFinancingWorkbook } from '../../../electron/services/reports/financing-workbook.ts';
import { sensitivityLayout, sensitivityRates } from '../../../electron/services/reports/sensitivity-sheet.ts';
import { contribution, prorata } from '../../../shared/domain/contributions/index.ts';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import { tempDir } from '../../helpers/temp.ts';
import { grandFigeacTerms, line, quercyBlancTerms, result } from './fixtures.ts';
import { csvCell, csvCents, hasLibreOffice, poisoned, recalculateToCsv } from './libreoffice.ts';

const dir = tempDir('mednum-bands-');
const generatedAt = new Date('2027-11-15T09:30:00Z');

/** The first 10 000 inhabitants at 0,30 €, the rest at 0,15 €. */
const figeacBands = [
  { upTo: 10_000, rate: '0.30' },
  { upTo: null, rate: '0.15' },
];
const scenarioTerms = {
  source: 'scenario' as const,
  reference: 'Grand-Figeac dégressif',
  bands: figeacBands,
};
// 45 489 inhabitants: 10 000 × 0,30 + 35 489 × 0,15 = 3 000 + 5 323,35 = 8 323,35 € for a full year;
// from 1 July (days, 184/365): 832 335 × 184 / 365 = 419 588,05… → 4 195,88 €.
const halfYear = line({ ...grandFigeacTerms, ...scenarioTerms });
const fullYear = line({ ...grandFigeacTerms, ...scenarioTerms, start: '2027-01-01', prorata: 'none' });
// A current line with three bands (the engine and the workbook do not care where the bands come from):
// 12 024 inhabitants, 5 000 at 0,3125 €, 5 000 at 0,20 €, 2 024 at 0,10 €, 5/12 of the year.
const quercyBanded = line({
  ...quercyBlancTerms,
  bands: [
    { upTo: 5_000, rate: '0.3125' },
    { upTo: 10_000, rate: '0.20' },
    { upTo: null, rate: '0.10' },
  ],
});

const current = result([line(grandFigeacTerms), quercyBanded]);
const scenario1 = result([halfYear, quercyBanded], 'Grand-Figeac dégressif');
const scenario2 = result([fullYear, line(quercyBlancTerms)], 'Dégressif année pleine');
const sheetNames = {
  figeac: 'CC du Grand-Figeac',
  quercy: 'CC du Quercy Blanc',
  scenario1: 'CC du Grand-Figeac - scénario 1',
  scenario2: 'CC du Grand-Figeac - scénario 2',
};

let buffer: Buffer;
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  buffer = await writeFinancingWorkbook({
    year: 2027,
    generatedAt,
    generatedBy: 'Marie Dupont',
    departement: '46',
    scenarios: [current, scenario1, scenario2],
  });
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
});

function sheet(name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`No sheet ${name}: ${workbook.worksheets.map((ws) => ws.name).join(', ')}`);
  return found;
}

/** What a band's slice is worth for a full year, in ten-thousandths of a euro. */
const e4 = (inhabitants: number, rate: number) => inhabitants * rate;

describe('the fixtures follow the engine, checked by hand', () => {
  it('computes 8 323,35 € for a full year and 4 195,88 € from 1 July', () => {
    expect(fullYear.amountCents).toBe(300_000 + 532_335);
    expect(halfYear.prorataFraction).toEqual({ numerator: 184, denominator: 365 });
    expect(halfYear.amountCents).toBe(419_588);
    // 5 000 × 3 125 + 5 000 × 2 000 + 2 024 × 1 000 = 27 649 000 e4 ; × 5/12 = 1 152 041,67 cents → 11 520,42 €.
    expect(quercyBanded.amountCents).toBe(115_204);
  });
});

describe('a banded line in the financing workbook', () => {
  it('gives each banded scenario convention its own EPCI sheet', () => {
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual([
      'Synthèse',
      'Comparaison',
      'Sensibilité',
      'Sources',
      sheetNames.figeac,
      sheetNames.quercy,
      sheetNames.scenario1,
      sheetNames.scenario2,
    ]);
  });

  it('shows the bands as inputs and sums their slices with live formulas, the engine’s figures cached', () => {
    const ws = sheet(sheetNames.scenario1);
    const [first, last] = [bandCells(0), bandCells(1)];
    expect(ws.getCell('F11').value).toBe('Tranche');
    expect(ws.getCell(first.upTo).value).toBe(10_000);
    expect(ws.getCell(first.upTo).fill).toMatchObject({ fgColor: expect.anything() });
    // The first band's rate follows the rate cell: one input, the rule « first band = rate » kept.
    expect(ws.getCell(first.rate).formula).toBe(epciCells.rate);
    expect(ws.getCell(first.rate).result).toBe(0.3);
    expect(ws.getCell(last.upTo).value).toBe('au-delà');
    expect(ws.getCell(last.rate).value).toBe(0.15);
    expect(ws.getCell(last.rate).numFmt).toBe('#,##0.0000 "€"');
    expect(ws.getCell(first.inhabitants).formula).toBe('MAX(0,MIN(B17,G12))');
    expect(ws.getCell(first.inhabitants).result).toBe(10_000);
    expect(ws.getCell(last.inhabitants).formula).toBe('MAX(0,B17-G12)');
    expect(ws.getCell(last.inhabitants).result).toBe(35_489);
    expect(ws.getCell(first.fullYearE4).formula).toBe('I12*ROUND(H12*10000,0)');
    expect(ws.getCell(first.fullYearE4).result).toBe(e4(10_000, 3_000));
    expect(ws.getCell(last.fullYearE4).result).toBe(e4(35_489, 1_500));
    expect(ws.getCell(epciCells.exactCents).formula).toBe('SUM(J12:J13)*B13/(B14*100)');
    expect(ws.getCell(epciCells.exactCents).result).toBe((83_233_500 * 184) / 36_500);
    expect(ws.getCell(epciCells.amountCents).result).toBe(419_588);
    expect(ws.getCell(epciCells.amount).result).toBe(4_195.88);
    expect(ws.getCell(epciCells.population).formula).toMatch(/^SUMIFS\(/);

    const middle = sheet(sheetNames.quercy);
    expect(middle.getCell(bandCells(1).inhabitants).formula).toBe('MAX(0,MIN(B17,G13)-G12)');
    expect(middle.getCell(bandCells(1).inhabitants).result).toBe(5_000);
    expect(middle.getCell(bandCells(2).inhabitants).result).toBe(2_024);
    expect(middle.getCell(epciCells.amountCents).result).toBe(115_204);
  });

  it('leaves the sheets without bands as they were', () => {
    const ws = sheet(sheetNames.figeac);
    expect(ws.getCell('F11').value).toBeNull();
    expect(ws.getCell(epciCells.exactCents).formula).toBe('B17*B20*B13/(B14*100)');
  });

  it('links the comparison’s scenario amount to its banded sheet', () => {
    const ws = sheet('Comparaison');
    const row = ws.getRow(comparisonLayout.firstRow);
    expect(row.getCell(4).formula).toBe(`ROUND('${sheetNames.scenario1}'!B25,2)`);
    expect(row.getCell(4).result).toBe(4_195.88);
    expect(row.getCell(6).formula).toBe(`ROUND('${sheetNames.scenario2}'!B25,2)`);
    expect(row.getCell(6).result).toBe(8_323.35);
    // Quercy Blanc in scenario 2 has no bands: a value, as before.
    expect(ws.getRow(comparisonLayout.firstRow + 1).getCell(6).value).toBe(
      (scenario2.lines[1]?.amountCents ?? 0) / 100,
    );
  });

  it('names the banded sheets in the sources', () => {
    expect(sheet('Sources').getColumn(11).values).toContain(sheetNames.scenario2);
  });
});

/** The engine's amount for a line's terms with other bands (same population and prorata). */
function engine(entry: ContributionLine, bands: { upTo: number | null; rateE4: number }[]): number {
  return contribution({
    population: entry.population ?? 0,
    rateE4: bands[0]?.rateE4 ?? 0,
    bands,
    prorata: entry.prorataFraction,
    floorCents: entry.floorCents,
    capCents: entry.capCents,
  }).amountCents;
}

async function poisonedCopy(edit?: (book: ExcelJS.Workbook) => void): Promise<string> {
  const file = path.join(dir, `bandes-${edit ? 'modifie' : 'sans-cache'}.xlsx`);
  fs.writeFileSync(file, await poisoned(buffer, edit));
  return file;
}

describe.skipIf(!hasLibreOffice)('LibreOffice recalculates the banded amounts to the engine’s cent', () => {
  it('recalculates every banded sheet, the comparison and the sensitivity table', async () => {
    const sheets = await recalculateToCsv(await poisonedCopy(), dir);
    const cents = (name: string) => Number(csvCell(sheets.get(name) ?? [], epciCells.amountCents));
    expect(cents(sheetNames.scenario1)).toBe(419_588);
    expect(cents(sheetNames.scenario2)).toBe(832_335);
    expect(cents(sheetNames.quercy)).toBe(115_204);
    expect(cents(sheetNames.figeac)).toBe(current.lines[0]?.amountCents);
    const comparison = sheets.get('Comparaison') ?? [];
    expect(csvCents(comparison, 'D5')).toBe(419_588);
    expect(csvCents(comparison, 'F5')).toBe(832_335);
    expect(csvCents(comparison, 'E5')).toBe(419_588 - (current.lines[0]?.amountCents ?? 0));

    // Sensitivity of the banded current line (block 2): the rate tried is the first band's.
    const sensitivity = sheets.get('Sensibilité') ?? [];
    sensitivityRates.forEach((rate, r) => {
      for (let month = 0; month < 12; month += 1) {
        const row = sensitivityLayout.firstRow + sensitivityLayout.blockHeight + 2 + r;
        const rateE4 = Math.round(Number(rate) * 10000);
        const expected = contribution({
          population: 12_024,
          rateE4,
          bands: [
            { upTo: 5_000, rateE4 },
            { upTo: 10_000, rateE4: 2_000 },
            { upTo: null, rateE4: 1_000 },
          ],
          prorata: prorata(
            'months',
            { start: `2027-${String(month + 1).padStart(2, '0')}-01`, end: null },
            2027,
          ),
          floorCents: null,
          capCents: null,
        }).amountCents;
        expect(csvCents(sensitivity, `${String.fromCharCode(66 + month)}${row}`)).toBe(expected);
      }
    });
  }, 120_000);

  it('follows a negotiator who moves a threshold and a band rate', async () => {
    const file = await poisonedCopy((book) => {
      const ws = book.getWorksheet(sheetNames.scenario2);
      if (!ws) throw new Error('no banded sheet');
      ws.getCell(bandCells(0).upTo).value = 20_000;
      ws.getCell(bandCells(1).rate).value = 0.1234;
      ws.getCell(epciCells.rate).value = 0.32;
    });
    const expected = engine(fullYear, [
      { upTo: 20_000, rateE4: 3_200 },
      { upTo: null, rateE4: 1_234 },
    ]);
    // 20 000 × 0,32 + 25 489 × 0,1234 = 6 400 + 3 145,3426 = 9 545,3426 € → 9 545,34 €.
    expect(expected).toBe(954_534);
    const sheets = await recalculateToCsv(file, dir);
    const banded = sheets.get(sheetNames.scenario2) ?? [];
    expect(Number(csvCell(banded, bandCells(1).inhabitants))).toBe(25_489);
    expect(Number(csvCell(banded, epciCells.amountCents))).toBe(expected);
    expect(csvCents(sheets.get('Comparaison') ?? [], 'F5')).toBe(expected);
  }, 120_000);
});
