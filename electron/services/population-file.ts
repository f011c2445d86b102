import { AppError } from '../../shared/errors.ts';
import { searchKey } from '../../shared/text.ts';
import { openSource, type RawRow, type Source } from './import/read/table.ts';

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

type Cell = string;

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
 * Bytes are decoded by the import reader (`import/read/`), the one decoder of tabular files.
 */
export async function readPopulationFile(
  fileName: string,
  bytes: Buffer,
  kind: PopulationFileKind,
): Promise<PopulationFile> {
  const wanted =
    kind === 'dgf' ? 'code commune et population DGF' : 'code commune (COM ou CODGEO) et PMUN / PTOT';
  const notFound = `« ${fileName} » : colonnes introuvables (attendu : ${wanted}).`;
  let source: Source;
  try {
    source = await openSource(bytes, { fileName });
  } catch (error) {
    // A text file that is no table (empty, binary…) lacks the columns: say so, then why.
    if (error instanceof AppError && !isZip(bytes))
      throw new AppError('FILE_UNREADABLE', `${notFound} ${error.message}`, { cause: error });
    throw error;
  }
  // INSEE's workbook has one sheet per level: try the communes first.
  const sheets = [...source.sheets].sort(
    (a, b) => Number(/commune/i.test(b.name)) - Number(/commune/i.test(a.name)),
  );
  for (const sheet of sheets) {
    const parsed = parseTable(grid(sheet.rows()), kind);
    if (parsed) return parsed;
  }
  throw new AppError('FILE_UNREADABLE', notFound);
}

function isZip(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
}

/** Rows back at their place in the file: index = line − 1 (blank lines are empty rows). */
function grid(rows: RawRow[]): Cell[][] {
  const table: Cell[][] = [];
  for (const row of rows) table[row.line - 1] = row.cells;
  return Array.from(table, (row) => row ?? []);
}

function parseTable(table: Cell[][], kind: PopulationFileKind): PopulationFile | null {
  const headerIndex = table.slice(0, 30).findIndex((row) => locate(row, kind) !== null);
  if (headerIndex < 0) return null;
  const at = locate(table[headerIndex] ?? [], kind) as NonNullable<ReturnType<typeof locate>>;
  const rows: PopulationRow[] = [];
  const rejected: PopulationFile['rejected'] = [];
  for (let i = headerIndex + 1; i < table.length; i += 1) {
    const row = table[i] ?? [];
    if (row.every((cell) => cell.trim() === '')) continue;
    const line = i + 1;
    const insee = communeCode(row[at.code], at.departement === null ? undefined : row[at.departement]);
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
  const keys = row.map((cell) => searchKey(cell ?? ''));
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
  if (/^\d{4}$/.test(raw) && (departement ?? '').trim() === '') return raw.padStart(5, '0');
  const dep = String(departement ?? '')
    .trim()
    .toUpperCase();
  if (/^\d{1,3}$/.test(raw) && /^(\d{1,2}|2[AB])$/.test(dep))
    return dep.padStart(2, '0') + raw.padStart(3, '0');
  if (/^\d{1,2}$/.test(raw) && /^97\d$/.test(dep)) return dep + raw.padStart(2, '0');
  return null;
}

/**
 * Integers as published: "1 234", "1 234" (no-break spaces), "1.234", or an Excel number (read as its
 * digits). A decimal ("12.5") is not a population: separators must group thousands.
 */
function count(value: Cell | undefined): number | null {
  const text = (value ?? '').trim();
  if (!/^\d{1,3}(?:[\s.]\d{3})+$|^\d+$/.test(text)) return null;
  return Number(text.replace(/[\s.]/g, ''));
}
