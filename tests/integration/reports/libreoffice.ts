import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';

const run = promisify(execFile);

export const soffice = '/usr/bin/soffice';
export const hasLibreOffice = fs.existsSync(soffice);

/** pdftoppm and pdftotext (poppler-utils): a printed page as an image, and as text. */
const pdftoppm = '/usr/bin/pdftoppm';
const pdftotext = '/usr/bin/pdftotext';
export const hasPoppler = fs.existsSync(pdftoppm) && fs.existsSync(pdftotext);

/**
 * Always recalculate OOXML files; `locale` sets how numbers are shown (« 6 879,43 € » in fr-FR).
 * ooSetupLastVersion: a profile that has never seen this version makes LibreOffice run its graphics
 * self-tests (GraphicsRenderTests, dozens of 4096-pixel bitmaps drawn and compared) before anything else,
 * at every start here since --convert-to never records the version: 3.8 s of CPU a conversion, against
 * 0.8 s once the profile says a later version already ran. Only start-up changes; what is recalculated
 * and printed does not.
 */
const profileXcu = (locale?: string) => `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.9</value></prop></item>
${locale ? `<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>${locale}</value></prop></item>` : ''}
</oor:items>
`;

/** Runs LibreOffice headless on a fresh profile, converting `file` to `format` in a new folder; returns it. */
async function convert(file: string, workDir: string, format: string, locale?: string): Promise<string> {
  const profile = fs.mkdtempSync(path.join(workDir, 'lo-profile-'));
  fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), profileXcu(locale));
  const outDir = fs.mkdtempSync(path.join(workDir, 'lo-out-'));
  await run(
    soffice,
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--convert-to',
      format,
      '--outdir',
      outDir,
      file,
    ],
    { timeout: 110_000 },
  );
  return outDir;
}

/**
 * DESIGN.md §9: a fresh profile that always recalculates OOXML files, then every sheet to CSV (UTF-8,
 * comma, raw values in en-US notation). Returns each sheet's rows by sheet name.
 */
export async function recalculateToCsv(xlsxPath: string, workDir: string): Promise<Map<string, string[][]>> {
  const outDir = await convert(
    xlsxPath,
    workDir,
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1',
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

/**
 * The workbook recalculated and printed to PDF as a French LibreOffice prints it (every sheet, its print
 * setup: paper, orientation, print area, fit to width). Returns the PDF's path.
 */
export async function printToPdf(xlsxPath: string, workDir: string): Promise<string> {
  const outDir = await convert(xlsxPath, workDir, 'pdf', 'fr-FR');
  return path.join(outDir, `${path.basename(xlsxPath, '.xlsx')}.pdf`);
}

/** One page of a PDF as a PNG image at `pngPath`. */
export async function pdfPageToPng(pdfPath: string, page: number, pngPath: string): Promise<void> {
  const at = String(page);
  await run(pdftoppm, [
    '-png',
    '-r',
    '96',
    '-f',
    at,
    '-l',
    at,
    '-singlefile',
    pdfPath,
    pngPath.replace(/\.png$/, ''),
  ]);
}

/** The text of one PDF page, laid out as printed. */
export async function pdfPageText(pdfPath: string, page: number): Promise<string> {
  const at = String(page);
  const { stdout } = await run(pdftotext, ['-layout', '-f', at, '-l', at, pdfPath, '-']);
  return stdout;
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
