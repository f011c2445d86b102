import Papa from 'papaparse';
import { isBlank, type RawRow } from './rows.ts';
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
  const sample = text.slice(0, 65_536);
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
  const text = decoded.includes('\r') ? decoded.replace(/\r\n?/g, '\n') : decoded;
  const chosen = delimiter ?? detectDelimiter(text);
  if (!text.includes('"')) return { delimiter: chosen, rows: splitUnquoted(text, chosen) };
  const rows: RawRow[] = [];
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
        const cells = result.data;
        if (!isBlank(cells)) rows.push({ line: lines(at), cells });
      },
    });
    if (failedAt < 0) break;
    const end = text.indexOf('\n', failedAt);
    const stop = end < 0 ? text.length : end;
    rows.push({ line: lines(failedAt), cells: text.slice(failedAt, stop).split(chosen), error: quoteError });
    quoteErrors += 1;
    if (quoteErrors > maxQuoteErrors) {
      throw unreadable(
        `Plus de ${maxQuoteErrors} lignes ont des guillemets mal fermés : le fichier n’est pas un CSV lisible (vérifiez le séparateur et l’enregistrement).`,
      );
    }
    position = stop + 1;
  }
  return { delimiter: chosen, rows };
}

/**
 * A text without a single quote has no quoted field, hence no line break nor delimiter inside a cell:
 * each line is a row and each delimiter ends a cell, exactly what papaparse finds, at a fraction of its
 * cost (most exports are like this; papaparse's per-row results were a fifth of a 100,000-row read).
 */
function splitUnquoted(text: string, delimiter: string): RawRow[] {
  const rows: RawRow[] = [];
  let start = 0;
  for (let line = 1; start < text.length; line += 1) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    const cells = text.slice(start, stop).split(delimiter);
    if (!isBlank(cells)) rows.push({ line, cells });
    start = stop + 1;
  }
  return rows;
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
