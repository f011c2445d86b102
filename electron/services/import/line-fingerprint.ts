import { comparedFields, type StoredPatron } from './patron-row.ts';
import { type PatronField, patronFields } from './read/fields.ts';
import type { Mapping } from './read/mapping.ts';
import type { NormalizedRow, PatronValues } from './read/normalize.ts';

/**
 * A re-import brings back, line for line, what the library sent last time. A patron keeps the fingerprint of
 * the row it was last imported from (`import_fingerprint`, migration 20): a hash of that row's mapped cells as
 * read and of the values then stored. A row of the next file whose cells, hashed with the patron's values as
 * they are now, give that fingerprint is known to normalise to those values — the same cells, read by the
 * same rules, gave them — so the analysis takes them as they are (session.ts). Nothing has to invalidate a
 * fingerprint: a patron changed since (an edit, a sync, an undo) no longer hashes to it.
 *
 * The hash is cyrb53 (public domain, bryc): 53 bits, an exact SQLite INTEGER, fast on short strings. A false
 * match needs two different rows of the same card to collide: about one chance in 2⁵³ per row.
 */

/** Markers that no UTF-16 code unit can be: a part's kind and length are hashed before its characters. */
const nullPart = 0x10000;
const textPart = 0x20000;
const numberPart = 0x30000;

/**
 * A row's cells as the hash reads them: split (a workbook's row, a fixed one), or a CSV row without quotes
 * left in the file's text, its cells as bounds (table.ts `cellBounds`): a re-import's known rows are
 * hashed without making their cells.
 */
export type HashedCells = readonly string[] | CellBounds;

export interface CellBounds {
  text: string;
  /** start and end of cell n at 2n and 2n + 1 */
  bounds: Int32Array;
  count: number;
}

/** Each patron field's column in a mapping, in `patronFields` order (a mapping is replaced, never changed). */
const columnsOfMapping = new WeakMap<Mapping, (number | undefined)[]>();
const noColumns: (number | undefined)[] = [];

function columnsOf(mapping: Mapping): (number | undefined)[] {
  let columns = columnsOfMapping.get(mapping);
  if (!columns) {
    columns = patronFields.map((field) => (mapping as Partial<Record<PatronField, number>>)[field]);
    columnsOfMapping.set(mapping, columns);
  }
  return columns;
}

/** The values hashed after a row's cells: one array, overwritten for each row (emptied, it was reallocated). */
const values: (string | number | null | undefined)[] = [];

/**
 * cyrb53 over the row's mapped cells (a cell past the row's end is empty, as shaped), then `values`: two
 * UTF-16 code units per step, each part's kind and length first, so two different lists of parts never hash
 * the same characters. One function, its state in locals (in module variables, each step boxed a number):
 * 100,000 rows in about 60 ms.
 */
function hashRow(seed: number, columns: (number | undefined)[], cells: HashedCells): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  const split = Array.isArray(cells) ? (cells as readonly string[]) : null;
  const inText = split ? null : (cells as CellBounds);
  const parts = columns.length + values.length;
  for (let p = 0; p < parts; p += 1) {
    let text = '';
    let from = 0;
    let to = 0;
    let kind = textPart;
    if (p < columns.length) {
      const column = columns[p];
      if (column === undefined) kind = nullPart;
      else if (split) {
        text = split[column] ?? '';
        to = text.length;
      } else if (inText && column < inText.count) {
        text = inText.text;
        from = inText.bounds[2 * column] as number;
        to = inText.bounds[2 * column + 1] as number;
      }
    } else {
      const value = values[p - columns.length];
      if (value === null || value === undefined) kind = nullPart;
      else {
        text = typeof value === 'number' ? String(value) : value;
        kind = typeof value === 'number' ? numberPart : textPart;
        to = text.length;
      }
    }
    const head = kind === nullPart ? nullPart : kind + to - from;
    h1 = Math.imul(h1 ^ head, 2654435761);
    h2 = Math.imul(h2 ^ head, 1597334677);
    let i = from;
    for (; i + 1 < to; i += 2) {
      const pair = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
      h1 = Math.imul(h1 ^ pair, 2654435761);
      h2 = Math.imul(h2 ^ pair, 1597334677);
    }
    if (i < to) {
      h1 = Math.imul(h1 ^ text.charCodeAt(i), 2654435761);
      h2 = Math.imul(h2 ^ text.charCodeAt(i), 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A cell of either form, as a string. */
export function cellText(cells: HashedCells, column: number): string {
  if (Array.isArray(cells)) return (cells as readonly string[])[column] ?? '';
  const { text, bounds, count } = cells as CellBounds;
  return column < count ? text.slice(bounds[2 * column], bounds[2 * column + 1]) : '';
}

/**
 * What a row's reading depends on besides its cells: the rules (the application's version: any release may
 * change them), the year (two-digit years and year-like numbers are read against it) and the former communes
 * the database knows (they resolve a commune's old name). When any changes, no fingerprint matches any more.
 */
export function fingerprintSeed(version: string, today: string, formerNames: unknown): number {
  values.length = 0;
  values.push(version, today.slice(0, 4), JSON.stringify(formerNames));
  return hashRow(0, noColumns, noColumns as []) % 4294967296;
}

/** The fingerprint a row gets once normalised to `values` (only a `plain` row has one). */
export function fingerprintOfValues(
  seed: number,
  mapping: Mapping,
  cells: HashedCells,
  rowValues: PatronValues,
): number {
  comparedFields.forEach(([, field], n) => {
    values[n] = rowValues[field];
  });
  values.length = comparedFields.length;
  return hashRow(seed, columnsOf(mapping), cells);
}

/** The same row's fingerprint if it normalised to the stored patron's current values. */
export function fingerprintOfStored(
  seed: number,
  mapping: Mapping,
  cells: HashedCells,
  patron: StoredPatron,
): number {
  comparedFields.forEach(([column], n) => {
    values[n] = patron[column];
  });
  values.length = comparedFields.length;
  return hashRow(seed, columnsOf(mapping), cells);
}

/**
 * A row whose reading says nothing but, perhaps, that the registration has ended (dated against today at
 * each import): the only rows fingerprinted, so a known row needs no warning or note of its own.
 */
export function isPlain(row: NormalizedRow): boolean {
  return (
    row.rejections.length === 0 &&
    row.notes.length === 0 &&
    row.warnings.every((issue) => issue.code === 'registration_expired')
  );
}
