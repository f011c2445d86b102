import type { z } from 'zod';
import type { resemblanceSchema } from '../../../shared/domain/patron.ts';
import type { PatronRecord } from './patron-row.ts';
import type { PatronValues } from './read/normalize.ts';

/**
 * Possible duplicates: a new row of a file that may be someone already known — a patron of the same
 * library under another card, an earlier row of the same file, or a patron of another library. Matched on
 * the folded names and the birth date (`nameKey`, hashed by `personHash` of known-people.ts), or on the
 * e-mail.
 */

/** A stored patron a row resembles, as the import reads it (its library's name when it is another one). */
export interface KnownPatron extends Partial<PatronRecord> {
  id: string;
  card_number: string;
  library_name?: string | null;
}

/** A row of the file as this module needs it. */
export interface FileRow {
  line: number;
  normalized: { values: PatronValues };
}

export interface Resemblance<Row extends FileRow = FileRow> {
  reason: 'person' | 'email';
  where: 'library' | 'file' | 'otherLibrary';
  /** The stored patron — found in a library, or the earlier row's own when its card is already stored. */
  patron: KnownPatron | null;
  /** The earlier row of the file (`file`). */
  row: Row | null;
}

/**
 * Which resemblance wins when a row has several: the library's own patrons first (a card issued twice is
 * the library's to correct), then the file's earlier rows, then other libraries; a person before an e-mail.
 */
export function rank(resemblance: Pick<Resemblance, 'reason' | 'where'>): number {
  const where = resemblance.where === 'library' ? 0 : resemblance.where === 'file' ? 2 : 4;
  return where + (resemblance.reason === 'email' ? 1 : 0);
}

export interface Birth {
  birthDate: string | null | undefined;
  birthYear: number | null | undefined;
}

/**
 * Whether two people sharing an e-mail may be one person: not when both birth dates (or years) are known
 * and differ — a family often shares one address, and a parent and a child are not duplicates.
 */
export function sameEmailMayBeSamePerson(a: Birth, b: Birth): boolean {
  if (a.birthDate && b.birthDate) return a.birthDate === b.birthDate;
  if (a.birthYear && b.birthYear) return a.birthYear === b.birthYear;
  return true;
}

export const storedBirth = (patron: Partial<PatronRecord>): Birth => ({
  birthDate: patron.birth_date as string | null | undefined,
  birthYear: patron.birth_year as number | null | undefined,
});

/**
 * Items by a key, several per key kept (a shared e-mail, a hash shared by chance): `add` and `find` give
 * the first one a test accepts — a plain function and its argument, so that no closure is made per row.
 * One entry per key, an array only where a key repeats.
 */
export class KeyedList<K, T extends object> {
  private readonly items = new Map<K, T | T[]>();

  /** Adds an item; with a test, answers the first item added before it under that key that passes it. */
  add<A>(key: K, item: T, accept?: (earlier: T, arg: A) => boolean, arg?: A): T | undefined {
    const known = this.items.get(key);
    if (known === undefined) {
      this.items.set(key, item);
      return undefined;
    }
    const found = accept ? first(known, accept, arg as A) : undefined;
    if (Array.isArray(known)) known.push(item);
    else this.items.set(key, [known, item]);
    return found;
  }

  find<A>(key: K, accept: (item: T, arg: A) => boolean, arg: A): T | undefined {
    const known = this.items.get(key);
    return known === undefined ? undefined : first(known, accept, arg);
  }
}

function first<T, A>(known: T | T[], accept: (item: T, arg: A) => boolean, arg: A): T | undefined {
  if (!Array.isArray(known)) return accept(known, arg) ? known : undefined;
  for (const item of known) if (accept(item, arg)) return item;
  return undefined;
}

export type ShownResemblance = z.infer<typeof resemblanceSchema>;

/** As the preview shows it: why, where, and the other person's values side by side. */
export function shownResemblance(resemblance: Resemblance): ShownResemblance {
  const { patron, row } = resemblance;
  const other: ShownResemblance['other'] = row
    ? {
        cardNumber: row.normalized.values.cardNumber,
        lastName: row.normalized.values.lastName,
        firstName: row.normalized.values.firstName,
        birthDate: row.normalized.values.birthDate,
        birthYear: row.normalized.values.birthYear,
        email: row.normalized.values.email,
      }
    : {
        cardNumber: patron?.card_number ?? null,
        lastName: (patron?.last_name as string | null | undefined) ?? null,
        firstName: (patron?.first_name as string | null | undefined) ?? null,
        birthDate: (patron?.birth_date as string | null | undefined) ?? null,
        birthYear: (patron?.birth_year as number | null | undefined) ?? null,
        email: (patron?.email as string | null | undefined) ?? null,
      };
  return {
    reason: resemblance.reason,
    where: resemblance.where,
    line: row?.line ?? null,
    libraryName: resemblance.where === 'otherLibrary' ? (patron?.library_name ?? null) : null,
    other,
  };
}
