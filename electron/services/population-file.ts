import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AppError } from '../../shared/errors.ts';
import { searchKey } from '../../shared/text.ts';

export type PopulationFileKind = 'insee' | 'dgf';

export interface PopulationRow {
  line: number;
  insee: string;
  municipale?: number;
  totale?: number;
  dgf?: number;
}

export interface PopulationFile {
  rows: PopulationRow[];
  rejected: { line: number; reason: string }[];
}

type Cell = string | number | null;

/** Header synonyms, compared as search keys ("Population municipale" → "population municipale"). */
const columns = {
  code: (key: string) =>
    [
      'com',
      'codgeo',
      'depcom',
      'insee',
      'code insee',
      'code commune',
      'code geographique',
      'code insee de la commune',
    ].includes(key),
  departement: (key: string) => ['dep', 'code departement', 'departement'].includes(key),
  municipale: (key: string) => /^pmun\d*$/.test(key) || key.startsWith('population municipale'),
  apart: (key: string) => /^pcap\d*$/.test(key) || key.startsWith('population comptee a part'),
  totale: (key: string) => /^ptot\d*$/.test(key) || key.startsWith('population totale'),
  dgf: (key: string) => /^p?dgf\d*$/.test(key) || /^pop(ulation)? dgf/.test(key),
};

/**
 * Reads an INSEE legal-populations file (commune code, PMUN, PCAP, PTOT) or a DGF population file, as
 * CSV (any usual encoding and delimiter) or XLSX (the sheet of communes, title rows above the header).
 * Rows that cannot be read are returned with their reason; an unreadable file is a FILE_UNREADABLE error.
 */
export async function readPopulationFile(
  fileName: string,
  bytes: Buffer,
  kind: PopulationFileKind,
): Promise<PopulationFile> {
  const sheets = isZip(bytes) ? await readWorkbook(fileName, bytes) : [readCsv(bytes)];
  for (const table of sheets) {
    const parsed = parseTable(table, kind);
    if (parsed) return parsed;
  }
  const wanted =
    kind === 'dgf' ? 'code commune et population DGF' : 'code commune (COM ou CODGEO) et PMUN / PTOT';
  throw new AppError('FILE_UNREADABLE', `« ${fileName} » : colonnes introuvables (attendu : ${wanted}).`);
}

function isZip(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
}

async function readWorkbook(fileName: string, bytes: Buffer): Promise<Cell[][][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (cause) {
    throw new AppError('FILE_UNREADABLE', `« ${fileName} » n’est pas un classeur Excel lisible.`, { cause });
  }
  // INSEE's workbook has one sheet per level: try the communes first.
  const ordered = [...workbook.worksheets].sort(
    (a, b) => Number(/commune/i.test(b.name)) - Number(/commune/i.test(a.name)),
  );
  return ordered.map((sheet) => {
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows[number - 1] = values.map(cellValue);
    });
    return Array.from(rows, (row) => row ?? []);
  });
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'object' && 'result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'richText' in value)
    return value.richText.map((part) => part.text).join('');
  return String(value);
}

function readCsv(bytes: Buffer): Cell[][] {
  const parsed = Papa.parse<string[]>(decode(bytes), {
    delimitersToGuess: [';', ',', '\t', '|'],
    skipEmptyLines: false,
  });
  return parsed.data;
}

/** UTF-8 (± BOM) or UTF-16 with a BOM; anything that is not valid UTF-8 is read as Windows-1252. */
export function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
}

function parseTable(table: Cell[][], kind: PopulationFileKind): PopulationFile | null {
  const headerIndex = table.slice(0, 30).findIndex((row) => locate(row, kind) !== null);
  if (headerIndex < 0) return null;
  const at = locate(table[headerIndex] ?? [], kind) as NonNullable<ReturnType<typeof locate>>;
  const rows: PopulationRow[] = [];
  const rejected: PopulationFile['rejected'] = [];
  for (let i = headerIndex + 1; i < table.length; i += 1) {
    const row = table[i] ?? [];
    if (row.every((cell) => cell === null || String(cell).trim() === '')) continue;
    const line = i + 1;
    const insee = communeCode(row[at.code], at.departement === null ? null : row[at.departement]);
    if (!insee) {
      rejected.push({ line, reason: `code commune illisible : « ${row[at.code] ?? ''} »` });
      continue;
    }
    const figures: Partial<Record<'municipale' | 'apart' | 'totale' | 'dgf', number | null>> = {};
    for (const field of ['municipale', 'apart', 'totale', 'dgf'] as const) {
      const index = at[field];
      if (index !== null) figures[field] = count(row[index]);
    }
    const unreadable = Object.entries(figures).find(([, value]) => value === null);
    if (unreadable) {
      rejected.push({ line, reason: `${insee} : population illisible (${unreadable[0]})` });
      continue;
    }
    if (kind === 'dgf') {
      rows.push({ line, insee, dgf: figures.dgf as number });
      continue;
    }
    const municipale = figures.municipale as number;
    const totale = figures.totale ?? (figures.apart != null ? municipale + figures.apart : undefined);
    if (figures.totale != null && figures.apart != null && figures.totale !== municipale + figures.apart) {
      rejected.push({
        line,
        reason: `${insee} : PTOT (${figures.totale}) ≠ PMUN + PCAP (${municipale + figures.apart})`,
      });
      continue;
    }
    rows.push({ line, insee, municipale, ...(totale === undefined ? {} : { totale }) });
  }
  return { rows, rejected };
}

function locate(row: Cell[], kind: PopulationFileKind) {
  const keys = row.map((cell) => searchKey(String(cell ?? '')));
  const find = (test: (key: string) => boolean) => {
    const index = keys.findIndex(test);
    return index < 0 ? null : index;
  };
  const at = {
    code: find(columns.code),
    departement: find(columns.departement),
    municipale: kind === 'insee' ? find(columns.municipale) : null,
    apart: kind === 'insee' ? find(columns.apart) : null,
    totale: kind === 'insee' ? find(columns.totale) : null,
    dgf: kind === 'dgf' ? find(columns.dgf) : null,
  };
  if (at.code === null) return null;
  if (kind === 'insee' && at.municipale === null) return null;
  if (kind === 'dgf' && at.dgf === null) return null;
  return { ...at, code: at.code };
}

/** "46102", 46102, or département "46" + commune "102" (INSEE's workbook) → "46102". */
function communeCode(value: Cell | undefined, departement: Cell | undefined): string | null {
  const raw = String(value ?? '')
    .trim()
    .toUpperCase();
  if (/^(\d{5}|2[AB]\d{3})$/.test(raw)) return raw;
  if (/^\d{4}$/.test(raw) && departement == null) return raw.padStart(5, '0');
  const dep = String(departement ?? '')
    .trim()
    .toUpperCase();
  if (/^\d{1,3}$/.test(raw) && /^(\d{1,2}|2[AB])$/.test(dep))
    return dep.padStart(2, '0') + raw.padStart(3, '0');
  if (/^\d{1,2}$/.test(raw) && /^97\d$/.test(dep)) return dep + raw.padStart(2, '0');
  return null;
}

/** Integers as published: "1 234", "1 234" (no-break spaces), "1.234", or an Excel number. */
function count(value: Cell | undefined): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  const cleaned = String(value ?? '').replace(/[\s\u00a0\u202f.]/g, '');
  return /^\d+$/.test(cleaned) ? Number(cleaned) : null;
}
