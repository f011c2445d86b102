import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  comparisonLayout,
  epciCells,
  synthesisLayout,
} from '../../../electron/services/reports/financing-layout.ts';
import { writeFinancingWorkbook } from '../../../electron/services/reports/financing-workbook.ts';
import { SheetNames } from '../../../electron/services/reports/sheet-names.ts';
import { tempDir } from '../../helpers/temp.ts';
import {
  current,
  generatedAt,
  higherRate,
  sheetNames,
  writeScenariosWorkbook,
} from './financing-scenarios.ts';

const dir = tempDir('mednum-reports-');
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  const buffer = await writeScenariosWorkbook();
  fs.writeFileSync(path.join(dir, 'rapport.xlsx'), buffer);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
});

function sheet(name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`No sheet ${name}`);
  return found;
}

describe('the fixtures follow the engine', () => {
  it('computes the amounts the brief states', () => {
    const [figeac, labastide, quercy] = current.lines;
    expect(figeac?.prorataFraction).toEqual({ numerator: 184, denominator: 365 });
    expect(figeac?.amountCents).toBe(687_943);
    expect(labastide?.beforeLimitsCents).toBe(107_430);
    expect(labastide?.amountCents).toBe(150_000);
    expect(labastide?.limitedBy).toBe('floor');
    expect(quercy?.prorataFraction).toEqual({ numerator: 5, denominator: 12 });
    // 12 024 × 3 125 × 5 / 1 200 = 156 562,5 exactly: half-up gives 156 563.
    expect((12_024 * 3_125 * 5) / 1_200).toBe(156_562.5);
    expect(quercy?.amountCents).toBe(156_563);
    expect(current.totalCents).toBe(687_943 + 150_000 + 156_563);
  });
});

describe('writeFinancingWorkbook', () => {
  it('names the sheets: synthesis, comparison, sensitivity, sources, then one per EPCI line', () => {
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual([
      'Synthèse',
      'Comparaison',
      'Sensibilité',
      'Sources',
      ...sheetNames,
    ]);
    for (const ws of workbook.worksheets) {
      expect(ws.state).toBe('visible');
      expect(ws.name.length).toBeLessThanOrEqual(31);
    }
    expect(workbook.title).toBe('Rapport de financement 2027');
  });

  it('writes each EPCI sheet as inputs and formulas with the engine’s figures cached', () => {
    current.lines.forEach((entry, index) => {
      const ws = sheet(sheetNames[index] as string);
      expect(ws.getCell(epciCells.rate).value).toBe(entry.rateE4 / 10_000);
      expect(ws.getCell(epciCells.rate).numFmt).toBe('#,##0.0000 "€"');
      expect(ws.getCell(epciCells.prorataNumerator).value).toBe(entry.prorataFraction.numerator);
      expect(ws.getCell(epciCells.prorataDenominator).value).toBe(entry.prorataFraction.denominator);
      expect(ws.getCell(epciCells.floor).value).toBe(
        entry.floorCents === null ? null : entry.floorCents / 100,
      );
      expect(ws.getCell(epciCells.cap).value).toBe(entry.capCents === null ? null : entry.capCents / 100);
      expect(ws.getCell(epciCells.rateE4).formula).toBe('ROUND(B12*10000,0)');
      expect(ws.getCell(epciCells.exactCents).formula).toBe('B17*B20*B13/(B14*100)');
      expect(ws.getCell(epciCells.amountCents).formula).toContain('ROUND(B21,0)');
      expect(ws.getCell(epciCells.amountCents).result).toBe(entry.amountCents);
      expect(ws.getCell(epciCells.amount).formula).toBe('B24/100');
      expect(ws.getCell(epciCells.amount).result).toBe(entry.amountCents / 100);
      expect(ws.getCell(epciCells.amount).numFmt).toBe('#,##0.00 "€"');
      expect(ws.getCell(epciCells.beforeLimits).result).toBe(entry.beforeLimitsCents / 100);
      expect(ws.getCell(epciCells.start).value).toEqual(new Date(`${entry.start}T00:00:00Z`));
      expect(ws.getCell(epciCells.start).numFmt).toBe('dd/mm/yyyy');
    });
    expect(sheet(sheetNames[1] as string).getCell(epciCells.limitedBy).result).toBe('plancher');
    expect(sheet(sheetNames[0] as string).getCell(epciCells.limitedBy).result).toBe('aucun');
  });

  it('sums the population of the communes in the perimeter, or writes it when the list does not add up', () => {
    const figeac = sheet(sheetNames[0] as string);
    const population = figeac.getCell(epciCells.population);
    expect(population.formula).toMatch(/^SUMIFS\(D\d+:D\d+,E\d+:E\d+,"oui"\)$/);
    expect(population.result).toBe(45_489);
    expect(population.numFmt).toBe('#,##0');
    // The communes table: header, then one row per commune, « non » for Capdenac-Gare (Aveyron).
    const headerRow = epciCells.stepsRow + (current.lines[0]?.steps.length ?? 0) + 1;
    expect(figeac.getRow(headerRow).getCell(1).value).toBe('INSEE');
    expect(figeac.getRow(headerRow + 5).getCell(2).value).toBe('Capdenac-Gare');
    expect(figeac.getRow(headerRow + 5).getCell(5).value).toBe('non');
    expect(figeac.getRow(headerRow + 1).getCell(4).numFmt).toBe('#,##0');

    const labastide = sheet(sheetNames[1] as string);
    expect(labastide.getCell(epciCells.population).value).toBe(3_581);
  });

  it('neutralises text a spreadsheet could run as a formula', () => {
    const labastide = sheet(sheetNames[1] as string);
    expect(labastide.getCell(epciCells.reference).value).toBe(' =CONV-2025-CLM');
    const names = labastide.getColumn(2).values.filter((value) => typeof value === 'string');
    expect(names).toContain(' =SUM(1,2)');
    expect(sheet('Synthèse').getCell('C6').value).toBe(' =CONV-2025-CLM');
  });

  it('links every Synthèse figure to the EPCI sheets and totals them', () => {
    const ws = sheet('Synthèse');
    const { headerRow, firstRow } = synthesisLayout;
    expect(ws.getRow(headerRow).getCell(8).value).toBe('Montant dû');
    current.lines.forEach((entry, index) => {
      const row = ws.getRow(firstRow + index);
      const ref = `'${sheetNames[index]}'!`;
      expect(row.getCell(4).formula).toBe(`${ref}B17`);
      expect(row.getCell(4).result).toBe(entry.population);
      expect(row.getCell(5).formula).toBe(`${ref}B12`);
      expect(row.getCell(6).result).toBe(
        `${entry.prorataFraction.numerator} / ${entry.prorataFraction.denominator}`,
      );
      expect(row.getCell(8).formula).toBe(`${ref}B25`);
      expect(row.getCell(8).result).toBe(entry.amountCents / 100);
      expect(row.getCell(8).numFmt).toBe('#,##0.00 "€"');
    });
    const total = ws.getRow(firstRow + 3).getCell(8);
    expect(total.formula).toBe('ROUND(SUM(H5:H7),2)');
    expect(total.result).toBe(current.totalCents / 100);
  });

  it('compares the situations side by side', () => {
    const ws = sheet('Comparaison');
    const { headerRow, firstRow } = comparisonLayout;
    expect(ws.getRow(headerRow).values).toEqual([
      undefined,
      'EPCI',
      'SIREN',
      'Situation actuelle',
      'Taux Grand-Figeac à 0,35 €',
      'Écart',
      'Sans Labastide-Murat',
      'Écart',
    ]);
    const figeac = ws.getRow(firstRow);
    expect(figeac.getCell(3).formula).toBe(`ROUND('CC du Grand-Figeac'!B25,2)`);
    expect(figeac.getCell(3).result).toBe(6_879.43);
    expect(figeac.getCell(4).value).toBe((higherRate.lines[0]?.amountCents ?? 0) / 100);
    expect(figeac.getCell(5).formula).toBe('ROUND(D5-C5,2)');
    const labastide = ws.getRow(firstRow + 1);
    expect(labastide.getCell(6).value).toBe(0);
    expect(labastide.getCell(7).result).toBe(-1_500);
    const total = ws.getRow(firstRow + 3);
    expect(total.getCell(3).result).toBe(current.totalCents / 100);
    expect(total.getCell(4).result).toBe(higherRate.totalCents / 100);
  });

  it('states its sources', () => {
    const ws = sheet('Sources');
    const values = ws.getColumn(2).values;
    expect(values).toContain('46');
    expect(values).toContain('Marie Dupont');
    expect(values).toContain('2021 (population municipale) ; 2022 (population totale)');
    // 09:30 UTC in November is 10:30 in Paris.
    expect(values).toContainEqual(new Date('2027-11-15T10:30:00Z'));
    const references = ws.getColumn(4).values;
    expect(references).toContain('CONV-2027-GF');
    expect(references).toContain('Scénario taux 0,35');
  });

  it('prints on A4 landscape with repeated headers, a footer, and frozen panes', () => {
    for (const ws of workbook.worksheets) {
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.pageSetup.printTitlesRow).toMatch(/^\$?\d+:\$?\d+$/);
      expect(ws.headerFooter.oddFooter).toContain('Page &P / &N');
      expect(ws.headerFooter.oddFooter).toContain('15/11/2027');
      expect(ws.views[0]?.state).toBe('frozen');
    }
    expect(sheet('Synthèse').pageSetup.printTitlesRow).toMatch(/^\$?4:\$?4$/);
    expect(sheet('Synthèse').views[0]).toMatchObject({ ySplit: 4, xSplit: 1 });
  });

  it('refuses results for another year or too many situations', async () => {
    const base = { year: 2027, generatedAt, generatedBy: 'x', departement: '46' };
    await expect(writeFinancingWorkbook({ ...base, scenarios: [] })).rejects.toThrow(RangeError);
    await expect(
      writeFinancingWorkbook({ ...base, scenarios: [{ ...current, year: 2028 }] }),
    ).rejects.toThrow(RangeError);
    // The current situation and up to four scenarios (issue 16): five side by side, not six.
    await expect(
      writeFinancingWorkbook({ ...base, scenarios: Array(5).fill(current) }),
    ).resolves.toBeDefined();
    await expect(writeFinancingWorkbook({ ...base, scenarios: Array(6).fill(current) })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('SheetNames', () => {
  it('keeps names legal, short and unique', () => {
    const names = new SheetNames();
    names.reserve('Synthèse');
    expect(names.unique('synthèse')).toBe('synthèse (2)');
    expect(names.unique('A/B: C*D?[E]\\F')).toBe('A B C D E F');
    const long = 'Communauté de communes Cazals-Salviac et environs';
    const first = names.unique(long);
    const second = names.unique(long);
    expect(first).toHaveLength(31);
    expect(second.length).toBeLessThanOrEqual(31);
    expect(second.endsWith(' (2)')).toBe(true);
    expect(names.unique("'Quoted'")).toBe('Quoted');
    expect(names.unique('History')).toBe('History (2)');
    expect(names.unique('   ')).toBe('EPCI');
  });
});
