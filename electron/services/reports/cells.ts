import type ExcelJS from 'exceljs';

/** Number formats; Excel and LibreOffice show the locale's separators (« 45 489 », « 6 879,43 € »). */
export const formats = {
  integer: '#,##0',
  euros: '#,##0.00 "€"',
  rate: '#,##0.0000 "€"',
  exactCents: '#,##0.0000',
  percent: '0.00 %',
  date: 'dd/mm/yyyy',
  dateTime: 'dd/mm/yyyy hh:mm',
} as const;

/**
 * Text a spreadsheet could run as a formula (`= + - @`, or a tab / carriage return before one) gets a
 * leading space. exceljs writes strings as strings, never formulas; this guards the CSV exports and the
 * copy-pastes people make from the workbook.
 */
export function neutraliseText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? ` ${text}` : text;
}

/** A live formula with the value the application computed, so viewers that do not recalculate show it. */
export function formula(expression: string, result: number | string): ExcelJS.CellFormulaValue {
  return { formula: expression, result } as ExcelJS.CellFormulaValue;
}

/** A sheet name quoted for a formula reference: `'Grand-Figeac'!B25`. */
export function sheetRef(sheetName: string, cell: string): string {
  return `'${sheetName.replace(/'/g, "''")}'!${cell}`;
}

/** An ISO day (`2027-07-01`) as a date cell: midnight UTC, which exceljs writes as the exact day serial. */
export function isoDay(iso: string): Date {
  const [year, month, day] = iso.split('-').map(Number);
  return new Date(Date.UTC(year as number, (month as number) - 1, day as number));
}

/** An instant as the wall-clock time in metropolitan France, for a date cell (cells have no time zone). */
export function parisWallClock(instant: Date): Date {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return new Date(
    Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')),
  );
}

/** dd/mm/yyyy of a wall-clock date built by `parisWallClock` or `isoDay`. */
export function frenchDate(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${date.getUTCFullYear()}`;
}

/**
 * A4 (landscape unless told), one page wide, `rows` repeated on every page, footer with the date and page
 * numbers.
 */
export function printSetup(
  sheet: ExcelJS.Worksheet,
  repeatedRows: string | null,
  generatedOn: string,
  orientation: 'landscape' | 'portrait' = 'landscape',
): void {
  sheet.pageSetup = {
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    ...(repeatedRows ? { printTitlesRow: repeatedRows } : {}),
  };
  sheet.headerFooter = {
    oddFooter: `&L&8Généré le ${generatedOn}&C&8&A&R&8Page &P / &N`,
    evenFooter: `&L&8Généré le ${generatedOn}&C&8&A&R&8Page &P / &N`,
  };
}

export const bold: Partial<ExcelJS.Font> = { bold: true };
export const titleFont: Partial<ExcelJS.Font> = { bold: true, size: 14 };
export const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
/** Inputs a negotiator may change: pale yellow, as spreadsheet users expect of editable cells. */
export const inputFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
export const thinBorder: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFB0B0B0' } },
  bottom: { style: 'thin', color: { argb: 'FFB0B0B0' } },
  left: { style: 'thin', color: { argb: 'FFB0B0B0' } },
  right: { style: 'thin', color: { argb: 'FFB0B0B0' } },
};

/** Styles a table header row: bold, filled, bordered, wrapped. */
/** Label in A, value in B (left-aligned, with its number format), one pair per row from `firstRow`. */
export type InfoRow = [label: string, value: ExcelJS.CellValue, numFmt?: string];

export function writeInfoRows(sheet: ExcelJS.Worksheet, firstRow: number, rows: InfoRow[]): void {
  rows.forEach(([label, value, numFmt], index) => {
    const row = firstRow + index;
    sheet.getCell(`A${row}`).value = label;
    const cell = sheet.getCell(`B${row}`);
    cell.value = value;
    cell.alignment = { horizontal: 'left' };
    if (numFmt) cell.numFmt = numFmt;
  });
}

export function styleHeader(row: ExcelJS.Row, columns: number): void {
  for (let column = 1; column <= columns; column += 1) {
    const cell = row.getCell(column);
    cell.font = bold;
    cell.fill = headerFill;
    cell.border = thinBorder;
    cell.alignment = { vertical: 'middle', wrapText: true };
  }
}

export function writeTitle(sheet: ExcelJS.Worksheet, title: string, subtitle: string): void {
  sheet.getCell('A1').value = neutraliseText(title);
  sheet.getCell('A1').font = titleFont;
  sheet.getCell('A2').value = neutraliseText(subtitle);
  sheet.getCell('A2').font = { italic: true, color: { argb: 'FF555555' } };
}

export function sectionHeader(sheet: ExcelJS.Worksheet, row: number, label: string, note = ''): void {
  sheet.getCell(`A${row}`).value = neutraliseText(label);
  if (note) sheet.getCell(`C${row}`).value = neutraliseText(note);
  styleHeader(sheet.getRow(row), 3);
}
