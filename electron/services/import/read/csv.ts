import Papa from 'papaparse';
import { isBlank, type RawRow, type RowRange } from './rows.ts';
import { unreadable } from './unreadable.ts';

export const delimiters = [';', ',', '\t', '|'] as const;

/** Beyond this many unreadable rows the file is not worth reading row by row (each costs a new pass). */
const maxQuoteErrors = 200;

export const quoteError =
  'Guillemets mal fermés : la ligne n’a pas pu être découpée en colonnes de façon sûre (elle est lue sans tenir compte des guillemets).';

/**
 * The delimiter whose rows most consistently have the same number (≥ 2) of columns over the first lines;
 * on a tie, the one giving more columns, then `;` before `,`, tab and `|`.
 */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 65_536).replace(/\r\n?/g, '\n');
  let best: { delimiter: string; share: number; width: number } = { delimiter: ';', share: 0, width: 0 };
  for (const delimiter of delimiters) {
    const { data } = Papa.parse<string[]>(sample, { delimiter, newline: '\n', preview: 30 });
    const widths = data.filter((row) => !isBlank(row)).map((row) => row.length);
    if (widths.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const width of widths) if (width >= 2) frequency.set(width, (frequency.get(width) ?? 0) + 1);
    let width = 0;
    let count = 0;
    for (const [w, c] of frequency) {
      if (c > count || (c === count && w > width)) [width, count] = [w, c];
    }
    const share = count / widths.length;
    if (share > best.share || (share === best.share && share > 0 && width > best.width)) {
      best = { delimiter, share, width };
    }
  }
  return best.delimiter;
}

/**
 * The non-blank rows of a CSV text with their line numbers. Line endings CRLF, LF, CR or a mix of them;
 * quoted fields may hold the delimiter, doubled quotes and line breaks. A row whose quotes do not close
 * is returned split without quotes and marked with an error, and reading resumes on the next line:
 * one stray quote never swallows the rest of the file.
 */
export function readCsvRows(decoded: string, delimiter?: string): { delimiter: string; rows: RawRow[] } {
  const read = readCsvRanges(decoded, delimiter);
  return { delimiter: read.delimiter, rows: withCells(read) };
}

/** The rows of `readCsvRanges`, each with its cells. */
export function withCells({ text, rows, delimiter }: ReturnType<typeof readCsvRanges>): RawRow[] {
  return rows.map(({ line, error, ...range }) => {
    const cells = range.cells ?? cellsAt(text, range, delimiter);
    return error === undefined ? { line, cells } : { line, cells, error };
  });
}

/**
 * The same rows as `readCsvRows`, each as its range of `text` (the decoded text, line endings made LF),
 * their cells left to `cellsAt`: an import splits a row when it needs it, and a million cells of a
 * 100,000-row file die young instead of being kept. A row whose quotes do not close keeps its cells.
 */
export function readCsvRanges(
  decoded: string,
  delimiter?: string,
): { delimiter: string; text: string; rows: RowRange[] } {
  // Windows exports end their lines with CRLF: a text without quotes keeps them, its ranges leaving each CR
  // out — rewriting a 100,000-line text to LF took 0.2 s. A lone CR (old Mac files) is read as a line break.
  if (!decoded.includes('"') && !hasLoneCr(decoded)) {
    const chosen = delimiter ?? detectDelimiter(decoded);
    return { delimiter: chosen, text: decoded, rows: unquotedRanges(decoded, chosen) };
  }
  const text = decoded.includes('\r') ? decoded.replace(/\r\n?/g, '\n') : decoded;
  const chosen = delimiter ?? detectDelimiter(text);
  const rows: RowRange[] = [];
  const lines = lineCounter(text);
  let position = 0;
  let quoteErrors = 0;
  while (position < text.length) {
    const start = position;
    let rowStart = 0;
    let failedAt = -1;
    Papa.parse<string[]>(start === 0 ? text : text.slice(start), {
      delimiter: chosen,
      newline: '\n',
      quoteChar: '"',
      step: (result, parser) => {
        const at = start + rowStart;
        if (result.errors.some((error) => error.type === 'Quotes')) {
          failedAt = at;
          parser.abort();
          return;
        }
        rowStart = result.meta.cursor;
        if (!isBlank(result.data)) rows.push({ line: lines(at), start: at, end: start + rowStart });
      },
    });
    if (failedAt < 0) break;
    const end = text.indexOf('\n', failedAt);
    const stop = end < 0 ? text.length : end;
    rows.push({
      line: lines(failedAt),
      cells: text.slice(failedAt, stop).split(chosen),
      error: quoteError,
      start: failedAt,
      end: stop,
    });
    quoteErrors += 1;
    if (quoteErrors > maxQuoteErrors) {
      throw unreadable(
        `Plus de ${maxQuoteErrors} lignes ont des guillemets mal fermés : le fichier n’est pas un CSV lisible (vérifiez le séparateur et l’enregistrement).`,
      );
    }
    position = stop + 1;
  }
  return { delimiter: chosen, text, rows };
}

/**
 * One row's cells, from the range `readCsvRanges` gave it: what papaparse reads there. A row without a
 * quote splits on the delimiter — a text without a single quote has no quoted field, hence no line break
 * nor delimiter inside a cell (papaparse's per-row results were a fifth of a 100,000-row read); a quoted
 * row is parsed alone, which reads it as parsing the whole text did, since a row starts there too.
 */
export function cellsAt(text: string, range: { start?: number; end?: number }, delimiter: string): string[] {
  // A papaparse row's range ends after its line break, which it reads as the end of the row, as it did.
  const row = text.slice(range.start, range.end);
  const line = row.endsWith('\n') ? row.slice(0, -1) : row;
  if (!line.includes('"')) return line.split(delimiter);
  let cells: string[] | null = null;
  Papa.parse<string[]>(row, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    step: (result, parser) => {
      if (!result.errors.some((error) => error.type === 'Quotes')) cells = result.data;
      parser.abort();
    },
  });
  return cells ?? line.split(delimiter);
}

/** Each non-blank line of a text without quotes, as its range (the line break, LF or CRLF, left out). */
function unquotedRanges(text: string, delimiter: string): RowRange[] {
  const rows: RowRange[] = [];
  let start = 0;
  for (let line = 1; start < text.length; line += 1) {
    const end = text.indexOf('\n', start);
    const next = end < 0 ? text.length : end;
    const stop = next > start && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    if (!isBlankLine(text, start, stop, delimiter)) rows.push({ line, start, end: stop });
    start = next + 1;
  }
  return rows;
}

/** A CR not followed by LF: a line break of its own. */
function hasLoneCr(text: string): boolean {
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 10) return true;
  }
  return false;
}

/** `isBlank` of the line's cells, without splitting the (many) lines that start with a visible character. */
function isBlankLine(text: string, start: number, stop: number, delimiter: string): boolean {
  const code = start < stop ? text.charCodeAt(start) : 32;
  if (code > 32 && code < 127 && text[start] !== delimiter) return false;
  return isBlank(text.slice(start, stop).split(delimiter));
}

/** Line number (1-based) of an offset; offsets must be asked in increasing order. */
function lineCounter(text: string): (offset: number) => number {
  let counted = 0;
  let line = 1;
  return (offset) => {
    let next = text.indexOf('\n', counted);
    while (next >= 0 && next < offset) {
      line += 1;
      counted = next + 1;
      next = text.indexOf('\n', counted);
    }
    return line;
  };
}
