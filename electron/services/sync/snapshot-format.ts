import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { type Change, pulledOnlyTables, syncTables } from '../../../shared/sync/protocol.ts';

/**
 * The snapshot's lines (PROTOCOL.md), read by the pull (its header) and by the thread that writes its
 * pages (every other line).
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
