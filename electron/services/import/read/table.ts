import { searchKey } from '../../../../shared/text.ts';
import type { CellBounds } from '../line-fingerprint.ts';
import { cleanText } from './clean.ts';
import { cellsAt, readCsvRanges, withCells } from './csv.ts';
import { decodeText, detectEncoding, type Encoding } from './encoding.ts';
import type { RawRow, RowRange } from './rows.ts';
import { checkText, type FileFormat, sniffFormat } from './sniff.ts';
import { guard, quoted, unreadable } from './unreadable.ts';
import { loadWorkbook } from './xlsx.ts';

export type { RawRow, RowRange } from './rows.ts';

export interface RawTable {
  format: FileFormat;
  /** null for a workbook */
  encoding: Encoding | null;
  /** null for a workbook */
  delimiter: string | null;
  /** the workbook's sheet names; empty for a CSV */
  sheets: string[];
  sheet: string | null;
  /** 0-based index of the header row in the file */
  headerRow: number;
  /** unique names: a repeated one gets « (2) », « (3) »…; an empty one is « Colonne N » */
  headers: string[];
  /** the non-blank rows below the header, each at least as long as `headers` */
  rows: RawRow[];
}

export interface ReadTableOptions {
  fileName: string;
  /** forced by the user; detected otherwise */
  encoding?: Encoding;
  /** a workbook's sheet, by name; the first visible sheet with content otherwise */
  sheet?: string;
}

/** One source of rows: a CSV file, or one sheet of a workbook. */
export interface SourceSheet {
  name: string;
  hidden: boolean;
  rows(): RawRow[];
}

export interface Source {
  format: FileFormat;
  encoding: Encoding | null;
  delimiter: string | null;
  /** one unnamed sheet for a CSV */
  sheets: SourceSheet[];
  /** a CSV's rows as ranges of its decoded text (csv.ts `readCsvRanges`), for `readTableRows` */
  csv?: ReturnType<typeof readCsvRanges>;
}

/** A table whose rows are kept as `readCsvRanges` reads them, each shaped by `shape` when needed. */
export interface TableRows extends Omit<RawTable, 'rows'> {
  /** the rows below the header: a CSV's as ranges, a workbook's with their cells, none shaped yet */
  rows: RowRange[];
  /** The row as `readTable` gives it: its cells (split again from the text if need be), and its error. */
  shape(row: RowRange): RawRow;
  /**
   * The CSV row at `start`–`end` of the text (a range without cells or error), as the bounds of its cells
   * (one buffer, filled again at each call), when it has no quote and `shape` would give it no error; null
   * otherwise (a workbook, a quoted row, one with more cells than the header or that may repeat it): a
   * re-import hashes its known rows without splitting them (line-fingerprint.ts).
   */
  cellBounds(start: number, end: number): CellBounds | null;
}

/** The header is looked for within this many first non-blank rows. */
export const headerSearchRows = 20;
/** A header wider than this is a file read with the wrong delimiter, or not a patron export. */
export const maxColumns = 1000;

/**
 * THE decoder of tabular files (patron exports, population files): bytes → rows of text cells.
 * CSV in any of the usual encodings and delimiters, or an .xlsx workbook, recognised by content.
 * Throws AppError FILE_UNREADABLE, in French, for anything that is not a readable table.
 */
export function openSource(
  bytes: Uint8Array,
  options: { fileName: string; encoding?: Encoding },
): Promise<Source> {
  return guard(options.fileName, () => open(bytes, options));
}

async function open(bytes: Uint8Array, options: { fileName: string; encoding?: Encoding }): Promise<Source> {
  const { fileName } = options;
  const format = sniffFormat(bytes, fileName);
  if (format === 'xlsx') {
    const sheets = await loadWorkbook(bytes, fileName);
    return { format, encoding: null, delimiter: null, sheets };
  }
  const encoding = options.encoding ?? detectEncoding(bytes);
  const text = checkText(decodeText(bytes, encoding), fileName);
  const csv = readCsvRanges(text);
  let rows: RawRow[] | null = null;
  const sheet = { name: '', hidden: false, rows: () => (rows ??= withCells(csv)) };
  return { format, encoding, delimiter: csv.delimiter, sheets: [sheet], csv };
}

/**
 * Reads a patron export into a header and rows of text cells, nothing interpreted yet.
 * The header is the first row, within the first 20, that names at least two columns with mostly
 * non-numeric, non-date text and is at least half as wide as the widest of those rows: a title line
 * above it is skipped. Rows wider than the header, unbalanced quotes and repeated headers carry an error.
 */
export async function readTable(bytes: Uint8Array, options: ReadTableOptions): Promise<RawTable> {
  const { shape, ...table } = await readTableRows(bytes, options);
  return { ...table, rows: table.rows.map(shape) };
}

/**
 * `readTable`'s table with its rows left unshaped: a CSV's as ranges of its text, split again by
 * `shape` when needed — what an import session keeps instead of a million cells (session.ts).
 */
export function readTableRows(bytes: Uint8Array, options: ReadTableOptions): Promise<TableRows> {
  return guard(options.fileName, () => read(bytes, options));
}

async function read(bytes: Uint8Array, options: ReadTableOptions): Promise<TableRows> {
  const source = await openSource(bytes, options);
  const { csv } = source;
  const sheet = csv ? (source.sheets[0] as SourceSheet) : chooseSheet(source, options);
  const all: RowRange[] = csv ? csv.rows : sheet.rows();
  const cellsOf = csv
    ? (row: RowRange) => row.cells ?? cellsAt(csv.text, row, csv.delimiter)
    : (row: RowRange) => row.cells as string[];
  if (all.length === 0) {
    throw unreadable(
      source.format === 'xlsx'
        ? `La feuille « ${sheet.name} » de ${quoted(options.fileName)} est vide.`
        : `${quoted(options.fileName)} ne contient que des lignes vides.`,
    );
  }
  const headerIndex = findHeader(
    all.slice(0, headerSearchRows).map((row) => ({ ...row, cells: cellsOf(row) })),
  );
  const header =
    headerIndex < 0
      ? undefined
      : { ...(all[headerIndex] as RowRange), cells: cellsOf(all[headerIndex] as RowRange) };
  if (!header || header.error) {
    throw unreadable(
      `${quoted(options.fileName)} : aucune ligne d’en-tête trouvée dans les ${headerSearchRows} premières lignes (il faut une ligne qui nomme au moins deux colonnes, par exemple « N° de carte » et « Nom »).`,
    );
  }
  const width = lastFilled(header.cells) + 1;
  if (width > maxColumns) {
    throw unreadable(
      `${quoted(options.fileName)} compte ${width.toLocaleString('fr-FR')} colonnes : au-delà de ${maxColumns.toLocaleString('fr-FR')}, ce n’est pas un export de lecteurs lisible (vérifiez le séparateur).`,
    );
  }
  const headers = headerNames(header.cells.slice(0, width));
  const headerCells = header.cells.slice(0, width).map(cleanText);
  return {
    format: source.format,
    encoding: source.encoding,
    delimiter: source.delimiter,
    sheets: source.format === 'xlsx' ? source.sheets.map((s) => s.name) : [],
    sheet: source.format === 'xlsx' ? sheet.name : null,
    headerRow: header.line - 1,
    headers,
    rows: all.slice(headerIndex + 1),
    shape: ({ line, error, ...range }) => {
      const cells = cellsOf(range as RowRange);
      return shapeRow(error === undefined ? { line, cells } : { line, cells, error }, width, headerCells);
    },
    cellBounds: csv ? boundsReader(csv.text, csv.delimiter, width, headerCells[0] as string) : () => null,
  };
}

/** `TableRows.cellBounds` over a CSV's text. */
function boundsReader(text: string, delimiter: string, width: number, firstHeader: string) {
  const found: CellBounds = { text, bounds: new Int32Array(2 * width), count: 0 };
  const separator = delimiter.charCodeAt(0);
  return (start: number, rangeEnd: number): CellBounds | null => {
    if (start < 0) return null;
    // A range read by papaparse (a text with quotes elsewhere) ends after its line break.
    const end = rangeEnd > start && text.charCodeAt(rangeEnd - 1) === 10 ? rangeEnd - 1 : rangeEnd;
    const { bounds } = found;
    let count = 0;
    let cellStart = start;
    for (let i = start; i <= end; i += 1) {
      const code = i < end ? text.charCodeAt(i) : separator;
      if (code === 34) return null;
      if (code !== separator) continue;
      if (count === width) return null;
      bounds[2 * count] = cellStart;
      bounds[2 * count + 1] = i;
      count += 1;
      cellStart = i + 1;
    }
    // A repeated header starts with the header's first cell (shapeRow).
    const first = (bounds[1] as number) - start;
    if (first >= firstHeader.length && cleanText(text.slice(start, start + first)) === firstHeader)
      return null;
    found.count = count;
    return found;
  };
}

function chooseSheet(source: Source, options: ReadTableOptions): SourceSheet {
  const { sheets } = source;
  if (source.format === 'csv' || options.sheet === undefined) {
    const visible = sheets.filter((s) => !s.hidden);
    const candidates = visible.length > 0 ? visible : sheets;
    return candidates.find((s) => s.rows().length > 0) ?? (candidates[0] as SourceSheet);
  }
  const wanted = options.sheet;
  const found =
    sheets.find((s) => s.name === wanted) ?? sheets.find((s) => searchKey(s.name) === searchKey(wanted));
  if (!found) {
    const names = sheets.map((s) => `« ${s.name} »`).join(', ');
    throw unreadable(
      `La feuille « ${wanted} » n’existe pas dans ${quoted(options.fileName)} (feuilles : ${names}).`,
    );
  }
  return found;
}

const numeric = /^[-+]?[\d\s.,]+%?$/;
const dateShaped = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/;

/** A cell that can name a column: text that is not a number, a date or an e-mail. */
function isLabel(cell: string): boolean {
  const text = cleanText(cell);
  return text !== '' && !numeric.test(text) && !dateShaped.test(text) && !text.includes('@');
}

function findHeader(rows: RawRow[]): number {
  const scanned = rows.slice(0, headerSearchRows).map((row) => {
    const filled = row.cells.filter((cell) => cleanText(cell) !== '').length;
    return { filled, labels: row.cells.filter(isLabel).length, error: row.error };
  });
  const widest = Math.max(...scanned.map((row) => (row.error ? 0 : row.filled)));
  return scanned.findIndex(
    (row) => !row.error && row.filled >= 2 && row.filled * 2 >= widest && row.labels * 2 > row.filled,
  );
}

function lastFilled(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i -= 1) if (cleanText(cells[i]) !== '') return i;
  return -1;
}

/** Trimmed header names; an empty one is « Colonne N »; a repeated one gets « (2) », « (3) »… */
export function headerNames(cells: string[]): string[] {
  const taken = new Set<string>();
  return cells.map((cell, index) => {
    const base = cleanText(cell) || `Colonne ${index + 1}`;
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base} (${n})`;
    taken.add(name);
    return name;
  });
}

function shapeRow(row: RawRow, width: number, headerCells: string[]): RawRow {
  const cells =
    row.cells.length >= width ? row.cells : [...row.cells, ...Array(width - row.cells.length).fill('')];
  if (row.error) return { ...row, cells };
  const extra = lastFilled(cells) + 1;
  if (extra > width) {
    return {
      line: row.line,
      cells,
      error: `La ligne a des valeurs dans ${extra} colonnes alors que l’en-tête n’en nomme que ${width} : un séparateur ou un guillemet est sans doute mal placé.`,
    };
  }
  if (headerCells.every((name, i) => cleanText(cells[i]) === name)) {
    return {
      line: row.line,
      cells,
      error: 'Ligne d’en-tête répétée : ce ne sont pas les données d’un lecteur.',
    };
  }
  // Most rows are kept as read: no second object each.
  return cells === row.cells ? row : { line: row.line, cells };
}
