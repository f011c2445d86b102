import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';

const run = promisify(execFile);

export const soffice = '/usr/bin/soffice';
export const hasLibreOffice = fs.existsSync(soffice);

const profileXcu = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/**
 * DESIGN.md §9: a fresh profile that always recalculates OOXML files, then every sheet to CSV (UTF-8,
 * comma, raw values in en-US notation). Returns each sheet's rows by sheet name.
 */
export async function recalculateToCsv(xlsxPath: string, workDir: string): Promise<Map<string, string[][]>> {
  const profile = fs.mkdtempSync(path.join(workDir, 'lo-profile-'));
  fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), profileXcu);
  const outDir = fs.mkdtempSync(path.join(workDir, 'lo-out-'));
  await run(
    soffice,
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1',
      '--outdir',
      outDir,
      xlsxPath,
    ],
    { timeout: 110_000 },
  );
  const base = path.basename(xlsxPath, '.xlsx');
  const sheets = new Map<string, string[][]>();
  for (const file of fs.readdirSync(outDir)) {
    if (!file.startsWith(`${base}-`) || !file.endsWith('.csv')) continue;
    const sheet = file.slice(base.length + 1, -'.csv'.length);
    sheets.set(sheet, parseCsv(fs.readFileSync(path.join(outDir, file), 'utf8')));
  }
  return sheets;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(textIn: string): string[][] {
  const text = textIn.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The value of an A1 address in parsed CSV rows ('' when outside). */
export function csvCell(rows: string[][], address: string): string {
  const match = /^([A-Z])(\d+)$/.exec(address);
  if (!match) throw new Error(`Bad address ${address}`);
  const column = (match[1] as string).charCodeAt(0) - 65;
  return rows[Number(match[2]) - 1]?.[column] ?? '';
}

/** A euro amount from a raw CSV number, in integer cents. */
export function csvCents(rows: string[][], address: string): number {
  const raw = csvCell(rows, address);
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) throw new Error(`${address} is not a number: « ${raw} »`);
  return Math.round(value * 100);
}

/** A copy of a workbook whose every cached formula result is wrong: only a recalculation gives figures. */
export async function poisoned(source: Buffer, edit?: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(source as unknown as ArrayBuffer);
  for (const ws of book.worksheets) {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.formula) cell.value = { formula: cell.formula, result: 999_999 } as ExcelJS.CellFormulaValue;
      });
    });
  }
  edit?.(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}
