/** One row of the file as read, before any header is looked for. */
export interface RawRow {
  /** 1-based line (CSV) or row (XLSX) number in the file, as people count them. */
  line: number;
  cells: string[];
  /** Why the row could not be read safely (unbalanced quotes, more columns than the header…), in French. */
  error?: string;
}

/**
 * A row as an import keeps it: a CSV row as its place in the decoded text (`start` to `end`), split again
 * when needed (csv.ts `cellsAt`); a workbook's row, or one whose quotes do not close, with its cells.
 */
export interface RowRange {
  line: number;
  cells?: string[];
  error?: string;
  start?: number;
  end?: number;
}

/** True when no cell holds anything but whitespace. */
export function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
