import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { epciCells, synthesisLayout } from '../../../electron/services/reports/financing-layout.ts';
import { writeFinancingWorkbook } from '../../../electron/services/reports/financing-workbook.ts';
import { sensitivityLayout, sensitivityRates } from '../../../electron/services/reports/sensitivity-sheet.ts';
import { contribution, prorata } from '../../../shared/domain/contributions/index.ts';
import { tempDir } from '../../helpers/temp.ts';
import {
  current,
  generatedAt,
  higherRate,
  sheetNames,
  writeScenariosWorkbook,
} from './financing-scenarios.ts';
import { line, quercyBlancTerms, result } from './fixtures.ts';
import { csvCell, csvCents, hasLibreOffice, poisoned, recalculateToCsv } from './libreoffice.ts';

const dir = tempDir('mednum-reports-');

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
  let buffer: Buffer;

  beforeAll(async () => {
    buffer = await writeScenariosWorkbook();
  });

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
