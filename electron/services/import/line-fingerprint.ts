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

/** A row's parts as hashed (its mapped cells, then its values): one array, filled again for each row. */
const parts: (string | number | null | undefined)[] = [];

/**
 * cyrb53 over `parts`, two UTF-16 code units per step (each part's kind and length come first, so two
 * different lists of parts never hash the same characters), in one function with local state: 100,000 rows
 * in about 60 ms.
 */
function hashParts(seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let p = 0; p < parts.length; p += 1) {
    const part = parts[p];
    if (part === null || part === undefined) {
      h1 = Math.imul(h1 ^ nullPart, 2654435761);
      h2 = Math.imul(h2 ^ nullPart, 1597334677);
      continue;
    }
    const text = typeof part === 'number' ? String(part) : part;
    const head = (typeof part === 'number' ? numberPart : textPart) + text.length;
    h1 = Math.imul(h1 ^ head, 2654435761);
    h2 = Math.imul(h2 ^ head, 1597334677);
    let i = 0;
    for (; i + 1 < text.length; i += 2) {
      const pair = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
      h1 = Math.imul(h1 ^ pair, 2654435761);
      h2 = Math.imul(h2 ^ pair, 1597334677);
    }
    if (i < text.length) {
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

/** Each patron field's column in a mapping, in `patronFields` order (a mapping is replaced, never changed). */
const columnsOfMapping = new WeakMap<Mapping, (number | undefined)[]>();

/** Starts a row's parts with its mapped cells, as read. */
function setCells(mapping: Mapping, cells: readonly string[]) {
  let columns = columnsOfMapping.get(mapping);
  if (!columns) {
    columns = patronFields.map((field) => (mapping as Partial<Record<PatronField, number>>)[field]);
    columnsOfMapping.set(mapping, columns);
  }
  parts.length = 0;
  for (const column of columns) parts.push(column === undefined ? null : cells[column]);
}

/**
 * What a row's reading depends on besides its cells: the rules (the application's version: any release may
 * change them), the year (two-digit years and year-like numbers are read against it) and the former communes
 * the database knows (they resolve a commune's old name). When any changes, no fingerprint matches any more.
 */
export function fingerprintSeed(version: string, today: string, formerNames: unknown): number {
  parts.length = 0;
  parts.push(version, today.slice(0, 4), JSON.stringify(formerNames));
  return hashParts(0) % 4294967296;
}

/** The fingerprint a row gets once normalised to `values` (only a `plain` row has one). */
export function fingerprintOfValues(
  seed: number,
  mapping: Mapping,
  cells: readonly string[],
  values: PatronValues,
): number {
  setCells(mapping, cells);
  for (const [, field] of comparedFields) parts.push(values[field]);
  return hashParts(seed);
}

/** The same row's fingerprint if it normalised to the stored patron's current values. */
export function fingerprintOfStored(
  seed: number,
  mapping: Mapping,
  cells: readonly string[],
  patron: StoredPatron,
): number {
  setCells(mapping, cells);
  for (const [column] of comparedFields) parts.push(patron[column]);
  return hashParts(seed);
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
