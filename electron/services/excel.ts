import type ExcelJS from 'exceljs';

/**
 * exceljs takes some 300 ms to load (half of the core's start): it is loaded on the first workbook, so a
 * CLI call, or an app start, that writes none never pays for it.
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  return new (await loadExcel()).Workbook();
}
