/**
 * A tabular report's text cut into rows of cells, each with the line it starts on. Tab-separated (the
 * Code of Practice's TSV) or comma/semicolon CSV as spreadsheets save it; quoted cells may hold the
 * delimiter, doubled quotes and line breaks. Line endings CRLF, LF or CR.
 */
export interface DelimitedRow {
  line: number;
  cells: string[];
}

export function splitDelimited(text: string, delimiter: string): DelimitedRow[] {
  const rows: DelimitedRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let atCellStart = true;
  const endRow = () => {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
    atCellStart = true;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line += 1;
        cell += c;
      }
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else {
      cell += c;
      atCellStart = false;
    }
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

/** The delimiter of a tabular report, told by its first line, which names Report_Name in its first cell. */
export function delimiterOf(firstLine: string): string | null {
  const match = /^"?Report_Name"?([\t,;])/.exec(firstLine);
  return match?.[1] ?? null;
}

export const isBlankRow = (row: DelimitedRow) => row.cells.every((cell) => cell.trim() === '');
