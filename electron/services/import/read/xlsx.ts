import type ExcelJS from 'exceljs';
import { newWorkbook } from '../../excel.ts';
import { excelSerialToIso, isoFromDate } from './dates.ts';
import { isBlank, type RawRow } from './rows.ts';
import { guard, quoted, unreadable } from './unreadable.ts';

export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  /** The sheet's non-blank rows, cells as text (read on demand: a workbook may hold big sheets). */
  rows(): RawRow[];
}

/** The sheets of an .xlsx workbook, in the workbook's order. */
export async function loadWorkbook(bytes: Uint8Array, fileName: string): Promise<WorkbookSheet[]> {
  const workbook = await newWorkbook();
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await workbook.xlsx.load(buffer as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch (cause) {
    throw unreadable(
      `${quoted(fileName)} n’est pas un classeur Excel lisible : le fichier est peut-être abîmé ou incomplet.`,
      cause,
    );
  }
  if (workbook.worksheets.length === 0) {
    throw unreadable(
      `${quoted(fileName)} est une archive ZIP qui ne contient aucune feuille de classeur Excel.`,
    );
  }
  return workbook.worksheets.map((worksheet) => {
    let rows: RawRow[] | undefined;
    return {
      name: worksheet.name,
      hidden: worksheet.state !== 'visible',
      rows: () => {
        rows ??= guard(fileName, () => sheetRows(worksheet));
        return rows;
      },
    };
  });
}

const mergeValueType = 1;

function sheetRows(worksheet: ExcelJS.Worksheet): RawRow[] {
  const rows: RawRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cellText(cell);
    });
    const filled = Array.from(cells, (cell) => cell ?? '');
    if (!isBlank(filled)) rows.push({ line: number, cells: filled });
  });
  return rows;
}

/**
 * A cell as the text people see in it, whatever Excel stored: dates as `YYYY-MM-DD`, whole numbers in
 * full (a 14-digit card number never becomes `2.3E+13`) and zero-padded when the cell's format says so
 * (`00000` for a postal code), formulas as their cached result, rich text and hyperlinks as their text.
 * The covered cells of a merged range are empty: a title merged across columns is one cell.
 */
function cellText(cell: ExcelJS.Cell): string {
  // ValueType.Merge: the cells a merged title covers besides its first.
  if (cell.type === mergeValueType) return '';
  return valueText(cell.value, typeof cell.numFmt === 'string' ? cell.numFmt : '');
}

function valueText(value: ExcelJS.CellValue | undefined, format: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, format);
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX';
  if (value instanceof Date) return isoFromDate(value) ?? '';
  if ('error' in value) return String(value.error);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return valueText(value.text as ExcelJS.CellValue, format);
  if ('result' in value) return valueText(value.result, format);
  return '';
}

function numberText(value: number, format: string): string {
  if (!Number.isFinite(value)) return '';
  if (isDateFormat(format)) {
    const iso = excelSerialToIso(value);
    if (iso) return iso;
  }
  if (Number.isInteger(value)) {
    const digits = BigInt(value).toString();
    return /^0+$/.test(format) ? digits.padStart(format.length, '0') : digits;
  }
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/** A number format that shows a date: it has day or year tokens outside quoted text and brackets. */
function isDateFormat(format: string): boolean {
  const bare = format
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[dy]/i.test(bare);
}
