import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  statementCells,
  statementSheetName,
  writeStatementWorkbook,
} from '../../../electron/services/reports/statement-workbook.ts';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import { tempDir } from '../../helpers/temp.ts';
import { grandFigeacTerms, labastideTerms, line, quercyBlancTerms } from './fixtures.ts';
import { csvCell, csvCents, hasLibreOffice, poisoned, recalculateToCsv } from './libreoffice.ts';

const dir = tempDir('mednum-statement-');
const generatedAt = new Date('2027-11-15T09:30:00Z');
const c = statementCells;

const figeac = line(grandFigeacTerms);
/** The convention Grand-Figeac had before: 45 489 × 0,25 € × 181/365 = 5 639,39 €. */
const figeacBefore = line({
  ...grandFigeacTerms,
  reference: 'CONV-2024-GF',
  start: '2024-01-01',
  end: '2027-06-30',
  rate: '0.25',
  floor: null,
  cap: null,
});
const labastide = line(labastideTerms);
const quercy = line(quercyBlancTerms);

async function statement(entry: ContributionLine, otherLines?: ContributionLine[]): Promise<Buffer> {
  return writeStatementWorkbook({
    year: 2027,
    line: entry,
    ...(otherLines ? { otherLines } : {}),
    generatedAt,
    generatedBy: 'Marie Dupont',
    departement: '46',
  });
}

async function load(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  expect(book.worksheets.map((ws) => ws.name)).toEqual([statementSheetName(2027)]);
  return book.worksheets[0] as ExcelJS.Worksheet;
}

/** Row of the first cell in column A whose text starts with `prefix`. */
function rowStarting(ws: ExcelJS.Worksheet, prefix: string): number {
  let found = 0;
  ws.eachRow((row, number) => {
    const value = row.getCell(1).value;
    if (!found && typeof value === 'string' && value.startsWith(prefix)) found = number;
  });
  if (!found) throw new Error(`No row starting with « ${prefix} »`);
  return found;
}

let figeacBuffer: Buffer;
let figeacSheet: ExcelJS.Worksheet;

beforeAll(async () => {
  figeacBuffer = await statement(figeac, [figeacBefore]);
  figeacSheet = await load(figeacBuffer);
});

describe('writeStatementWorkbook', () => {
  it('says who pays, for what and why, in French', () => {
    const ws = figeacSheet;
    expect(ws.getCell('A1').value).toBe('Participation 2027 — CC du Grand-Figeac');
    expect(ws.getCell('A2').value).toBe('Appel de participation à la médiathèque numérique — département 46');
    const purpose = String(ws.getCell('A5').value);
    expect(purpose).toContain('médiathèque numérique');
    expect(purpose).toContain('CONV-2027-GF (du 01/07/2027 au 31/12/2029)');
    expect(purpose).toContain('participation 2027');
    expect(ws.getCell(c.epci).value).toBe('CC du Grand-Figeac');
    expect(ws.getCell(c.siren).value).toBe('200067361');
    expect(ws.getCell(c.reference).value).toBe('CONV-2027-GF');
    expect(ws.getCell(c.start).value).toEqual(new Date('2027-07-01T00:00:00Z'));
    expect(ws.getCell(c.start).numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell(c.end).value).toEqual(new Date('2029-12-31T00:00:00Z'));
    expect(ws.getCell('B14').value).toBe('totale, millésime 2022, communes du département seulement');
    expect(ws.getCell('B15').value).toBe('du 01/07/2027 au 31/12/2027, au jour près (au jour près)');
    expect(ws.getCell('B16').value).toBe('184 jours sur 365');
  });

  it('computes with live formulas over the inputs, the engine’s figures cached', () => {
    const ws = figeacSheet;
    expect(ws.getCell(c.rate).value).toBe(0.3);
    expect(ws.getCell(c.rate).numFmt).toBe('#,##0.0000 "€"');
    expect(ws.getCell(c.prorataNumerator).value).toBe(184);
    expect(ws.getCell(c.prorataDenominator).value).toBe(365);
    expect(ws.getCell(c.floor).value).toBe(1000);
    expect(ws.getCell(c.cap).value).toBe(20_000.5);
    expect(ws.getCell(c.population).formula).toMatch(/^SUMIFS\(D\d+:D\d+,E\d+:E\d+,"oui"\)$/);
    expect(ws.getCell(c.population).result).toBe(45_489);
    expect(ws.getCell(c.rateE4).formula).toBe(`ROUND(${c.rate}*10000,0)`);
    expect(ws.getCell(c.rateE4).result).toBe(3000);
    expect(ws.getCell(c.exactCents).formula).toBe(
      `${c.population}*${c.rateE4}*${c.prorataNumerator}/(${c.prorataDenominator}*100)`,
    );
    expect(ws.getCell(c.exactCents).result).toBeCloseTo((45_489 * 3000 * 184) / 36_500, 6);
    expect(ws.getCell(c.beforeLimits).result).toBe(6879.43);
    expect(ws.getCell(c.limitedBy).result).toBe('aucun');
    expect(ws.getCell(c.amountCents).formula).toContain(`ROUND(${c.exactCents},0)`);
    expect(ws.getCell(c.amountCents).result).toBe(687_943);
    expect(ws.getCell(c.amount).formula).toBe(`${c.amountCents}/100`);
    expect(ws.getCell(c.amount).result).toBe(6879.43);
    expect(ws.getCell(c.amount).numFmt).toBe('#,##0.00 "€"');
    expect(ws.getCell(c.called).formula).toBe(c.amount);
    expect(ws.getCell(c.called).result).toBe(6879.43);
  });

  it('lists the engine’s steps, the other conventions of the year with the total, and the communes', () => {
    const ws = figeacSheet;
    figeac.steps.forEach((step, index) => {
      expect(ws.getCell(`A${c.stepsRow + index}`).value).toBe(step);
    });
    const other = rowStarting(ws, 'CONV-2024-GF');
    expect(ws.getCell(`C${other}`).value).toBe(figeacBefore.amountCents / 100);
    expect(figeacBefore.amountCents).toBe(563_939);
    const total = rowStarting(ws, 'Total 2027');
    expect(ws.getCell(`C${total}`).formula).toBe(`ROUND(${c.amount}+SUM(C${other}:C${other}),2)`);
    expect(ws.getCell(`C${total}`).result).toBe((687_943 + 563_939) / 100);

    const header = rowStarting(ws, 'INSEE');
    expect(ws.getCell(c.population).formula).toBe(
      `SUMIFS(D${header + 1}:D${header + 5},E${header + 1}:E${header + 5},"oui")`,
    );
    expect(ws.getCell(`B${header + 5}`).value).toBe('Capdenac-Gare');
    expect(ws.getCell(`E${header + 5}`).value).toBe('non');
    expect(ws.getCell(`A${header + 7}`).value).toBe('Document établi le 15/11/2027 par Marie Dupont.');
  });

  it('prints on A4 portrait, one page wide, with the date and page numbers in the footer', () => {
    const ws = figeacSheet;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.headerFooter.oddFooter).toContain('Généré le 15/11/2027');
    expect(ws.headerFooter.oddFooter).toContain('Page &P / &N');
  });

  it('writes the population as an input when the communes do not add up, and neutralises text', async () => {
    const ws = await load(await statement(labastide));
    expect(ws.getCell(c.population).value).toBe(3_581);
    expect(ws.getCell(c.reference).value).toBe(' =CONV-2025-CLM');
    expect(ws.getCell(c.end).value).toBe('sans date de fin');
    expect(ws.getCell(c.limitedBy).result).toBe('plancher');
    expect(ws.getCell(c.amountCents).result).toBe(150_000);
    expect(ws.getCell('B16').value).toBe('année entière');
    const names = ws.getColumn(2).values.filter((value) => typeof value === 'string');
    expect(names).toContain(' =SUM(1,2)');
    expect(() => rowStarting(ws, 'Total 2027')).toThrow();
  });

  it('marks a scenario line as a simulation and refuses another EPCI’s lines', async () => {
    const ws = await load(await statement(line({ ...quercyBlancTerms, source: 'scenario' })));
    expect(String(ws.getCell('A2').value)).toContain('SIMULATION');
    await expect(statement(figeac, [quercy])).rejects.toThrow(RangeError);
  });
});

describe.skipIf(!hasLibreOffice)('LibreOffice recalculation (DESIGN.md §9)', () => {
  it('recalculates every statement to the engine’s cent: days, floor, half cent, other lines', async () => {
    const cases: Array<[string, ContributionLine, ContributionLine[]]> = [
      ['figeac', figeac, [figeacBefore]],
      ['labastide', labastide, []],
      ['quercy', quercy, []],
    ];
    for (const [name, entry, others] of cases) {
      const file = path.join(dir, `participation-${name}.xlsx`);
      fs.writeFileSync(file, await poisoned(await statement(entry, others)));
      const sheets = await recalculateToCsv(file, dir);
      const rows = sheets.get(statementSheetName(2027));
      expect(rows, `CSV files: ${[...sheets.keys()].join(', ')}`).toBeDefined();
      if (!rows) return;
      expect(Number(csvCell(rows, c.amountCents)), name).toBe(entry.amountCents);
      expect(csvCents(rows, c.amount), name).toBe(entry.amountCents);
      expect(csvCents(rows, c.called), name).toBe(entry.amountCents);
      expect(csvCents(rows, c.beforeLimits), name).toBe(entry.beforeLimitsCents);
      expect(Number(csvCell(rows, c.population)), name).toBe(entry.population);
      expect(csvCell(rows, c.limitedBy), name).toBe(
        entry.limitedBy === 'floor' ? 'plancher' : entry.limitedBy === 'cap' ? 'plafond' : 'aucun',
      );
      if (others.length > 0) {
        const totalRow = rows.findIndex((row) => row[0]?.startsWith('Total 2027')) + 1;
        const expected = others.reduce((sum, other) => sum + other.amountCents, entry.amountCents);
        expect(csvCents(rows, `C${totalRow}`)).toBe(expected);
      }
    }
  }, 180_000);
});

if (!hasLibreOffice) {
  console.warn('LibreOffice (/usr/bin/soffice) is missing: the recalculation tests are skipped.');
}
