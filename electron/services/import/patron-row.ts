import { memoize, searchKey } from '../../../shared/text.ts';
import type { PatronValues } from './read/normalize.ts';

export { type PatronColumn, patronColumns } from '../../../db/queries/import-statements.ts';

import type { PatronColumn } from '../../../db/queries/import-statements.ts';

export type PatronRecord = Record<PatronColumn, string | number | null>;

/** A patron already stored, as an import compares it with its file and updates it. */
export interface StoredPatron extends PatronRecord {
  num: number;
  id: string;
  card_number: string;
  name_key: string;
  /** The row it was last imported from (line-fingerprint.ts), or null. */
  import_fingerprint: number | null;
}

export function toRecord(values: PatronValues): PatronRecord {
  return {
    last_name: values.lastName,
    first_name: values.firstName,
    birth_date: values.birthDate,
    birth_year: values.birthYear,
    email: values.email,
    postal_code: values.postalCode,
    commune_insee: values.communeInsee,
    commune_name: values.communeName,
    registered_on: values.registeredOn,
    expires_on: values.expiresOn,
    category: values.category,
    registered: 1,
  };
}

/** The file's value each stored column is compared with (`registered` is 1: the file lists the patron). */
const fieldOfColumn: Record<Exclude<PatronColumn, 'registered'>, keyof PatronValues> = {
  last_name: 'lastName',
  first_name: 'firstName',
  birth_date: 'birthDate',
  birth_year: 'birthYear',
  email: 'email',
  postal_code: 'postalCode',
  commune_insee: 'communeInsee',
  commune_name: 'communeName',
  registered_on: 'registeredOn',
  expires_on: 'expiresOn',
  category: 'category',
};
export const comparedFields = Object.entries(fieldOfColumn) as [PatronColumn, keyof PatronValues][];

/** A stored patron's values as a file row normalises to them (`toRecord` the other way round). */
export function valuesOf(patron: StoredPatron): PatronValues {
  return {
    cardNumber: patron.card_number,
    lastName: patron.last_name as string,
    firstName: patron.first_name as string | null,
    birthDate: patron.birth_date as string | null,
    birthYear: patron.birth_year as number | null,
    email: patron.email as string | null,
    postalCode: patron.postal_code as string | null,
    communeInsee: patron.commune_insee as string | null,
    communeName: patron.commune_name as string | null,
    registeredOn: patron.registered_on as string | null,
    expiresOn: patron.expires_on as string | null,
    category: patron.category as string | null,
  };
}

const noColumn: PatronColumn[] = [];

/**
 * The stored columns the file's values change (one shared empty list when none does), compared in place:
 * every analysis compares each of 100,000 rows, and a record and a list per row were garbage each time.
 * A value equal to the stored one becomes the stored patron's own string, so the file's copy is freed:
 * most rows of a re-import are unchanged, and their strings were a tenth of its memory.
 */
export function compareWithStored(stored: StoredPatron, values: PatronValues): PatronColumn[] {
  let changed: PatronColumn[] | null = null;
  const shared = values as Record<keyof PatronValues, string | number | null>;
  for (const [column, field] of comparedFields) {
    const before = stored[column] ?? null;
    if (before !== (shared[field] ?? null)) {
      changed ??= [];
      changed.push(column);
    } else if (typeof before === 'string') shared[field] = before;
  }
  if ((stored.registered ?? null) !== 1) {
    changed ??= [];
    changed.push('registered');
  }
  return changed ?? noColumn;
}

/** What the trigram index holds for a patron: folded names, card number and e-mail. */
export function searchText(card: string, lastName: unknown, firstName: unknown, email: unknown): string {
  // The key of "a b" is the keys of a and b joined by a space: names, which repeat, are folded once.
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const parts = [
    foldWords(text(lastName)),
    foldWords(text(firstName)),
    searchKey(card),
    searchKey(text(email)),
  ];
  return parts.filter((part) => part !== '').join(' ');
}

/** The same, from a stored patron row. */
export function patronSearchText(patron: Readonly<Record<string, unknown>>): string {
  return searchText(String(patron.card_number), patron.last_name, patron.first_name, patron.email);
}

const foldWords = memoize(searchKey);
