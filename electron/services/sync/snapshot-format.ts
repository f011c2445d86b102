import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { type Change, pulledOnlyTables, syncTables } from '../../../shared/sync/protocol.ts';
import { searchText } from '../import/patron-row.ts';
import type { PatronValues, SnapshotPage, SnapshotValue } from './snapshot-protocol.ts';

/**
 * The snapshot's lines (PROTOCOL.md), read and checked by the pull, which hands the thread that writes
 * them pages ready to bind (`PageReader`).
 */

/**
 * The snapshot's first line: which protocol and schema wrote it, the version it reflects, and its line
 * format (PROTOCOL.md: 1 when absent, a server that predates format 2; 2 names a patron's columns).
 */
export const snapshotHeader = z.union([
  z.object({
    protocol: z.number().int(),
    schema: z.number().int(),
    version: z.number().int(),
    format: z.literal(2),
    patronColumns: z.array(z.string()).min(1),
  }),
  z.object({
    protocol: z.number().int(),
    schema: z.number().int(),
    version: z.number().int(),
    format: z.literal(1).optional(),
  }),
]);

/**
 * A snapshot that fails its checks is the server's data, not the network: its own code, not retried as if
 * offline; the PC keeps what it has and the next sync asks for a new one.
 */
export const invalidSnapshot = (why: string) =>
  new AppError(
    'SYNC_SNAPSHOT_INVALID',
    `L’instantané envoyé par le serveur central est ${why} : rien n’a été perdu sur ce poste. Signalez-le à l’administrateur du serveur.`,
  );

/** Format 2's patron as it came: its values in the header's `patronColumns` order. */
export interface CompactPatron {
  rowId: string;
  version: number;
  values: unknown[];
}

/**
 * How a line after the header is read and checked: a `Change`, or format 2's patron values as they came
 * (`patronChange` makes them the row format 1 would have sent, when a row is needed).
 */
export function lineReader(
  patronColumns: readonly string[] | null,
): (line: string) => Change | CompactPatron {
  return patronColumns ? compactReader(patronColumns) : readObjectChange;
}

export function patronChange(patronColumns: readonly string[], patron: CompactPatron): Change {
  const row: NonNullable<Change['row']> = {};
  for (let i = 0; i < patron.values.length; i++)
    row[patronColumns[i] as string] = patron.values[i] as string | number | boolean | null;
  return { table: 'patron', rowId: patron.rowId, version: patron.version, deleted: false, row };
}

/**
 * One snapshot line of format 1, a `Change`. Checked by hand rather than by zod: at 200,000 lines the
 * schema's generic walk was a third of a fresh PC's first sync. Same rules as `changeSchema` for what the
 * mirror relies on.
 */
function readObjectChange(line: string): Change {
  const change = parseLine(line) as Change;
  if (!validChange(change)) throw invalidSnapshot('illisible');
  return change;
}

/** Format 2: `[table, rowId, version, row]`, a patron's row possibly the array of its values. */
function compactReader(patronColumns: readonly string[]): (line: string) => Change | CompactPatron {
  return (line) => {
    const fields = parseLine(line);
    if (!Array.isArray(fields) || fields.length !== 4) throw invalidSnapshot('illisible');
    const [table, rowId, version, values] = fields as [Change['table'], string, number, unknown];
    const change: Change = { table, rowId, version, deleted: false, row: values as Change['row'] };
    if (!validChange(change)) throw invalidSnapshot('illisible');
    if (!Array.isArray(values)) return change;
    if (table !== 'patron' || values.length !== patronColumns.length) throw invalidSnapshot('illisible');
    return { rowId, version, values };
  };
}

/**
 * Reads a page's lines on the pull's thread, as they arrive, into what the snapshot thread binds: that
 * thread's transactions are the first sync's slowest part, and this thread mostly waited for them. A
 * format 2 patron becomes its search text and its cells (`PatronValues`); other lines stay `Change`s. An
 * unreadable line (or a patron value that is not a scalar) throws SYNC_SNAPSHOT_INVALID here, before its
 * page is handed over.
 */
export class PageReader {
  private readonly read: (line: string) => Change | CompactPatron;
  private readonly columns: number;
  /**
   * Where the search text's columns stand in a patron's values; null if the header lacks one, and then
   * the table's columns too: those patrons take the general path, which makes their text from the row.
   */
  private readonly searched: readonly [number, number, number, number] | null;
  private changes: Change[] = [];
  private changeAt: number[] = [];
  private ids: string[] = [];
  private versions: number[] = [];
  private search: string[] = [];
  private values: SnapshotValue[] = [];
  private cells: Uint32Array;
  /** Lines read into the page so far. */
  rows = 0;

  constructor(patronColumns: readonly string[] | null, expectedRows = 0) {
    this.read = lineReader(patronColumns);
    this.columns = patronColumns?.length ?? 0;
    const at = ['card_number', 'last_name', 'first_name', 'email'].map(
      (c) => patronColumns?.indexOf(c) ?? -1,
    );
    this.searched = at.includes(-1) ? null : (at as [number, number, number, number]);
    this.cells = new Uint32Array(expectedRows * this.columns);
  }

  add(line: string): void {
    const row = this.read(line);
    if ('values' in row) this.addPatron(row);
    else {
      this.changes.push(row);
      this.changeAt.push(this.rows);
    }
    this.rows += 1;
  }

  /** The page read so far; the reader starts a new one. */
  take(): SnapshotPage {
    const patrons: PatronValues | null = this.ids.length
      ? {
          ids: this.ids,
          versions: this.versions,
          search: this.search,
          values: this.values,
          cells: this.cells,
        }
      : null;
    const page: SnapshotPage = { rows: this.rows, changes: this.changes, changeAt: this.changeAt, patrons };
    this.changes = [];
    this.changeAt = [];
    this.ids = [];
    this.versions = [];
    this.search = [];
    this.values = [];
    if (patrons) this.cells = new Uint32Array(this.cells.length);
    this.rows = 0;
    return page;
  }

  private addPatron(patron: CompactPatron) {
    const start = this.ids.length * this.columns;
    if (start + this.columns > this.cells.length) {
      const larger = new Uint32Array(Math.max(2 * this.cells.length, 1024 * this.columns));
      larger.set(this.cells);
      this.cells = larger;
    }
    for (let c = 0; c < this.columns; c++) {
      const raw = patron.values[c];
      if (raw !== null && typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean')
        throw invalidSnapshot('illisible');
      const value = typeof raw === 'boolean' ? Number(raw) : raw;
      // Patrons come in the order they were written: mostly a library's import, whose patrons share their
      // library, commune, category and dates with the one before. Comparing with that one is cheap where
      // a table of every value seen (hashing each string) cost more than reading the line.
      const before = start === 0 ? -1 : (this.cells[start - this.columns + c] as number);
      this.cells[start + c] =
        before !== -1 && this.values[before] === value ? before : this.values.push(value) - 1;
    }
    const [card, last, first, email] = this.searched ?? [0, 0, 0, 0];
    const values = patron.values;
    this.search.push(
      this.searched ? searchText(String(values[card]), values[last], values[first], values[email]) : '',
    );
    this.ids.push(patron.rowId);
    this.versions.push(patron.version);
  }
}

/** A page's patrons one by one as format 2 gave them (`patronChange` makes each a row when one is needed). */
export function compactPatrons(patrons: PatronValues, columns: number): CompactPatron[] {
  return patrons.ids.map((rowId, row) => ({
    rowId,
    version: patrons.versions[row] as number,
    values: Array.from(patrons.cells.subarray(row * columns, (row + 1) * columns), (i) => patrons.values[i]),
  }));
}

function validChange(change: Change): boolean {
  return (
    Number.isInteger(change.version) &&
    change.version > 0 &&
    snapshotTables.has(change.table) &&
    typeof change.rowId === 'string' &&
    change.deleted === false &&
    typeof change.row === 'object' &&
    change.row !== null
  );
}

export function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw invalidSnapshot('illisible');
  }
}

const snapshotTables = new Set<string>([...syncTables, ...pulledOnlyTables]);
