import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { calculationSheetName } from '../../../electron/services/reports/statement-calculation.ts';
import {
  statementSheetName,
  writeStatementWorkbook,
} from '../../../electron/services/reports/statement-workbook.ts';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import { grandFigeacTerms, labastideTerms, line, quercyBlancTerms } from './fixtures.ts';

/** The statements the tests write: days with floor and cap and another convention, a floor, a half cent. */
export const figeac = line(grandFigeacTerms);
/** The convention Grand-Figeac had before: 45 489 × 0,25 € × 181/365 = 5 639,39 €. */
export const figeacBefore = line({
  ...grandFigeacTerms,
  reference: 'CONV-2024-GF',
  start: '2024-01-01',
  end: '2027-06-30',
  rate: '0.25',
  floor: null,
  cap: null,
});
export const labastide = line(labastideTerms);
export const quercy = line(quercyBlancTerms);

export const letterName = statementSheetName(2027);

export async function statement(entry: ContributionLine, otherLines?: ContributionLine[]): Promise<Buffer> {
  return writeStatementWorkbook({
    year: 2027,
    line: entry,
    ...(otherLines ? { otherLines } : {}),
    generatedAt: new Date('2027-11-15T09:30:00Z'),
    generatedBy: 'Marie Dupont',
    departement: '46',
  });
}

/** The letter and the « Calcul » sheet of a statement, checking they are its only sheets, in that order. */
export async function load(buffer: Buffer): Promise<{ letter: ExcelJS.Worksheet; calc: ExcelJS.Worksheet }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  expect(book.worksheets.map((ws) => ws.name)).toEqual([letterName, calculationSheetName]);
  const [letter, calc] = book.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
  return { letter, calc };
}

/** Row of the first cell in column A whose text starts with `prefix`. */
export function rowStarting(ws: ExcelJS.Worksheet, prefix: string): number {
  let found = 0;
  ws.eachRow((row, number) => {
    const value = row.getCell(1).value;
    if (!found && typeof value === 'string' && value.startsWith(prefix)) found = number;
  });
  if (!found) throw new Error(`No row starting with « ${prefix} »`);
  return found;
}

/** The row in CSV rows whose first field starts with `prefix` (1-based, as in the sheet). */
export function csvRowStarting(rows: string[][], prefix: string): number {
  const index = rows.findIndex((row) => row[0]?.startsWith(prefix));
  if (index < 0) throw new Error(`No CSV row starting with « ${prefix} »`);
  return index + 1;
}

/** What a cell shows: its text, or its formula's cached result (exceljs prints a formula as an object). */
function cellText(cell: ExcelJS.Cell): string {
  if (cell.type !== ExcelJS.ValueType.Formula) return cell.text;
  const result = cell.result;
  if (result === undefined || result === null) return '';
  if (typeof result === 'object' && 'error' in result) return String(result.error);
  return result instanceof Date ? result.toISOString() : String(result);
}

/** Every text a reader can meet on a sheet: cell texts (formula results included), number formats, footers. */
export function sheetTexts(ws: ExcelJS.Worksheet): string[] {
  const texts: string[] = [ws.name];
  ws.eachRow((row) => {
    row.eachCell((cell) => {
      if (cell.master !== cell) return; // a merged cell shows its master's text, read once
      texts.push(cellText(cell));
      if (cell.numFmt) texts.push(cell.numFmt);
    });
  });
  const { oddHeader, oddFooter, evenHeader, evenFooter } = ws.headerFooter;
  for (const part of [oddHeader, oddFooter, evenHeader, evenFooter]) if (part) texts.push(part);
  return texts;
}
