import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  comparisonLayout,
  epciCells,
  synthesisLayout,
  writeFinancingWorkbook,
} from '../../../electron/services/reports/financing-workbook.ts';
import { sensitivityLayout, sensitivityRates } from '../../../electron/services/reports/sensitivity-sheet.ts';
import { SheetNames } from '../../../electron/services/reports/sheet-names.ts';
import { contribution, prorata } from '../../../shared/domain/contributions/index.ts';
import type { ContributionsResult } from '../../../shared/domain/contributions/lines.ts';
import { tempDir } from '../../helpers/temp.ts';
import { grandFigeacTerms, labastideTerms, line, quercyBlancTerms, result } from './fixtures.ts';
import { csvCell, csvCents, hasLibreOffice, poisoned, recalculateToCsv } from './libreoffice.ts';

const dir = tempDir('mednum-reports-');
const generatedAt = new Date('2027-11-15T09:30:00Z');

const current = result([line(grandFigeacTerms), line(labastideTerms), line(quercyBlancTerms)]);
const higherRate = result(
  [
    line({ ...grandFigeacTerms, rate: '0.35', source: 'scenario', reference: 'Scénario taux 0,35' }),
    line(labastideTerms),
    line(quercyBlancTerms),
  ],
  'Taux Grand-Figeac à 0,35 €',
);
const withoutLabastide = result([line(grandFigeacTerms), line(quercyBlancTerms)], 'Sans Labastide-Murat');
const scenarios: ContributionsResult[] = [current, higherRate, withoutLabastide];

const sheetNames = ['CC du Grand-Figeac', 'CC du Causse de Labastide-Murat', 'CC du Quercy Blanc'];
let buffer: Buffer;
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  buffer = await writeFinancingWorkbook({
    year: 2027,
    generatedAt,
    generatedBy: 'Marie Dupont',
    departement: '46',
    scenarios,
  });
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
    await expect(writeFinancingWorkbook({ ...base, scenarios: Array(5).fill(current) })).rejects.toThrow(
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

/** A small deterministic generator (mulberry32) for the many-lines check. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe.skipIf(!hasLibreOffice)('LibreOffice recalculation (DESIGN.md §9)', () => {
  it('recalculates every amount and the total to the engine’s cent', async () => {
    const file = path.join(dir, 'rapport-sans-cache.xlsx');
    fs.writeFileSync(file, await poisoned(buffer));
    const sheets = await recalculateToCsv(file, dir);
    const synthesis = sheets.get('Synthèse');
    expect(synthesis, `CSV files: ${[...sheets.keys()].join(', ')}`).toBeDefined();
    if (!synthesis) return;
    current.lines.forEach((entry, index) => {
      const epci = sheets.get(sheetNames[index] as string) ?? [];
      expect(Number(csvCell(epci, epciCells.amountCents))).toBe(entry.amountCents);
      expect(csvCents(epci, epciCells.amount)).toBe(entry.amountCents);
      expect(csvCents(synthesis, `H${synthesisLayout.firstRow + index}`)).toBe(entry.amountCents);
    });
    expect(csvCents(synthesis, 'H8')).toBe(current.totalCents);
    // The sensitivity table: every rate × start month, recalculated, equals the engine.
    const sensitivity = sheets.get('Sensibilité') ?? [];
    current.lines.forEach((entry, index) => {
      sensitivityRates.forEach((rate, r) => {
        for (let month = 0; month < 12; month += 1) {
          const row = sensitivityLayout.firstRow + index * sensitivityLayout.blockHeight + 2 + r;
          const expected = contribution({
            population: entry.population ?? 0,
            rateE4: Math.round(Number(rate) * 10000),
            prorata: prorata(
              entry.prorataRule,
              { start: `2027-${String(month + 1).padStart(2, '0')}-01`, end: null },
              2027,
            ),
            floorCents: entry.floorCents,
            capCents: entry.capCents,
          }).amountCents;
          expect(csvCents(sensitivity, `${String.fromCharCode(66 + month)}${row}`)).toBe(expected);
        }
      });
    });
    expect(csvCell(sheets.get(sheetNames[1] as string) ?? [], epciCells.limitedBy)).toBe('plancher');
    expect(Number(csvCell(sheets.get(sheetNames[0] as string) ?? [], epciCells.population))).toBe(45_489);
    const comparison = sheets.get('Comparaison') ?? [];
    expect(csvCents(comparison, 'C8')).toBe(current.totalCents);
    expect(csvCents(comparison, 'E5')).toBe(
      (higherRate.lines[0]?.amountCents ?? 0) - (current.lines[0]?.amountCents ?? 0),
    );
  }, 120_000);

  it('recalculates live formulas after a negotiator changes a rate', async () => {
    const edited = new ExcelJS.Workbook();
    await edited.xlsx.load(buffer as unknown as ArrayBuffer);
    // Every cached result becomes wrong, so only a real recalculation can give the right figures.
    for (const ws of edited.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          if (cell.formula)
            cell.value = { formula: cell.formula, result: 999_999 } as ExcelJS.CellFormulaValue;
        });
      });
    }
    const figeacSheet = edited.getWorksheet(sheetNames[0] as string);
    if (!figeacSheet) throw new Error('No Grand-Figeac sheet');
    figeacSheet.getCell(epciCells.rate).value = 0.35;
    // And a half cent that must go up: Quercy Blanc at 0,3125 € stays 156 562,5 → 156 563 cents.
    const file = path.join(dir, 'rapport-modifie.xlsx');
    fs.writeFileSync(file, Buffer.from(await edited.xlsx.writeBuffer()));

    const expected = contribution({
      population: 45_489,
      rateE4: 3_500,
      prorata: { numerator: 184, denominator: 365 },
      floorCents: 100_000,
      capCents: 2_000_050,
    }).amountCents;
    expect(expected).toBe(802_600);

    const sheets = await recalculateToCsv(file, dir);
    const figeac = sheets.get(sheetNames[0] as string) ?? [];
    const synthesis = sheets.get('Synthèse') ?? [];
    expect(Number(csvCell(figeac, epciCells.rateE4))).toBe(3_500);
    expect(Number(csvCell(figeac, epciCells.amountCents))).toBe(expected);
    expect(csvCents(synthesis, 'H5')).toBe(expected);
    expect(csvCents(synthesis, 'H7')).toBe(156_563);
    expect(csvCents(synthesis, 'H8')).toBe(expected + 150_000 + 156_563);
    expect(csvCell(synthesis, 'E5')).toBe('0.35');
  }, 120_000);

  it('matches the engine on many lines: half cents, floors, caps, every prorata', async () => {
    const next = random(20_270_701);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const lines = Array.from({ length: 40 }, (_, index) => {
      const population = 1 + Math.floor(next() * 250_000);
      const rateE4 = 1 + Math.floor(next() * 20_000);
      const rule = pick(['days', 'months', 'none'] as const);
      const month = 1 + Math.floor(next() * 12);
      const day = 1 + Math.floor(next() * 28);
      const start = `2027-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const probe = line({
        ...quercyBlancTerms,
        population,
        rate: String(rateE4 / 10_000),
        prorata: rule,
        start,
      });
      // Limits around the amount so that some apply and some do not.
      const floorCents =
        next() < 0.3 ? Math.max(0, probe.beforeLimitsCents + Math.floor((next() - 0.3) * 5_000)) : null;
      const capCents =
        next() < 0.3
          ? Math.max(floorCents ?? 0, probe.beforeLimitsCents + Math.floor((next() - 0.7) * 5_000))
          : null;
      return line({
        ...quercyBlancTerms,
        epci: String(200_000_000 + index),
        name: `EPCI ${index + 1}`,
        reference: `CONV-${index + 1}`,
        population,
        rate: String(rateE4 / 10_000),
        prorata: rule,
        start,
        floor: floorCents === null ? null : String(floorCents / 100),
        cap: capCents === null ? null : String(capCents / 100),
        communes: [],
      });
    });
    // Exact half cents, forced: population × rateE4 × 5 / 1 200 = k + 0,5.
    lines.push(line({ ...quercyBlancTerms, epci: '200000998', name: 'Demi 1', communes: [] }));
    lines.push(
      line({
        ...quercyBlancTerms,
        epci: '200000999',
        name: 'Demi 2',
        population: 10_001,
        rate: '0.30',
        communes: [],
      }),
    );
    expect(lines.at(-1)?.amountCents).toBe(125_013);
    expect(lines.some((entry) => entry.limitedBy === 'floor')).toBe(true);
    expect(lines.some((entry) => entry.limitedBy === 'cap')).toBe(true);
    const many = result(lines);
    const written = await writeFinancingWorkbook({
      year: 2027,
      generatedAt,
      generatedBy: 'Test',
      departement: '46',
      scenarios: [many],
    });
    const file = path.join(dir, 'rapport-nombreux.xlsx');
    fs.writeFileSync(file, await poisoned(written));
    const sheets = await recalculateToCsv(file, dir);
    const synthesis = sheets.get('Synthèse') ?? [];
    lines.forEach((entry, index) => {
      expect(csvCents(synthesis, `H${synthesisLayout.firstRow + index}`), entry.steps.join(' / ')).toBe(
        entry.amountCents,
      );
    });
    expect(csvCents(synthesis, `H${synthesisLayout.firstRow + lines.length}`)).toBe(many.totalCents);
  }, 120_000);
});

if (!hasLibreOffice) {
  console.warn('LibreOffice (/usr/bin/soffice) is missing: the recalculation tests are skipped.');
}
