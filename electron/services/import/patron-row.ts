import { memoize, searchKey } from '../../../shared/text.ts';
import type { PatronValues } from './read/normalize.ts';

export { patronColumns } from '../../../db/queries/import-statements.ts';

import { patronColumns } from '../../../db/queries/import-statements.ts';

export type PatronColumn = (typeof patronColumns)[number];
export type PatronRecord = Record<PatronColumn, string | number | null>;

/** A patron already stored, as an import compares it with its file and updates it. */
export interface StoredPatron extends PatronRecord {
  num: number;
  id: string;
  card_number: string;
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

export function changedColumns(stored: PatronRecord, incoming: PatronRecord): PatronColumn[] {
  return patronColumns.filter((column) => (stored[column] ?? null) !== (incoming[column] ?? null));
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
