import { looksLikeDate, parseDate } from './dates.ts';
import type { PatronField } from './fields.ts';
import { headerKey } from './header-synonyms.ts';

export interface Profile {
  /** the header says nothing (« col3 », « Colonne 3 », « F », empty): only values can tell */
  generic: boolean;
  /** non-empty values */
  values: string[];
  filled: number;
  total: number;
  emails: number;
  postalCodes: number;
  years: number;
  dates: string[];
  identifiers: number;
  names: number;
  distinct: number;
}

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * Longer than any value a field keeps (an e-mail, 254 characters): such a cell has no field's shape, and a
 * regular expression run over megabytes of it can exhaust the stack.
 */
const longestShaped = 254;
const nameShape = /^\p{L}[\p{L}\p{M}' ’.-]*$/u;

/** « col1 », « Colonne 3 », « Column1 », « F2 », « A », « Unnamed: 0 », empty… */
export function isGeneric(header: string): boolean {
  return headerKey(header).every((word) =>
    /^(?:col|colonne|column|champ|field|unnamed|var|[a-z])?\d*$/.test(word),
  );
}

/** What a column's sample values look like; `today` bounds years and dates. */
export function profile(cells: string[], generic: boolean, today: string): Profile {
  const values = cells.filter((cell) => cell !== '');
  const shaped = values.filter((value) => value.length <= longestShaped);
  const thisYear = Number(today.slice(0, 4));
  const dates = shaped
    .map((value) => (looksLikeDate(value) ? parseDate(value, { today, birth: false }) : null))
    .filter((iso): iso is string => iso !== null);
  return {
    generic,
    values,
    filled: values.length,
    total: cells.length,
    emails: shaped.filter((v) => emailShape.test(v)).length,
    postalCodes: shaped.filter((v) => /^\d{5}$/.test(v.replace(/\s/g, ''))).length,
    years: shaped.filter((v) => /^\d{4}$/.test(v) && Number(v) >= 1900 && Number(v) <= thisYear).length,
    dates,
    identifiers: shaped.filter((v) => /\d/.test(v) && !/\s/.test(v) && !v.includes('@') && !looksLikeDate(v))
      .length,
    names: shaped.filter((v) => nameShape.test(v)).length,
    distinct: new Set(values).size,
  };
}

/** At least this share of the non-empty values has the shape. */
const most = (count: number, p: Profile, share = 0.8) => p.filled > 0 && count >= p.filled * share;

/** Whether a column found by a partial header match holds values of the field's kind (no sample: yes). */
export function fits(field: PatronField, p: Profile): boolean {
  if (p.filled === 0) return true;
  switch (field) {
    case 'birthDate':
    case 'registeredOn':
    case 'expiresOn':
      return most(p.dates.length, p, 0.5);
    case 'birthYear':
      return most(p.years + p.dates.length, p, 0.5);
    case 'email':
      return most(p.values.filter((v) => v.includes('@')).length, p, 0.5);
    case 'postalCode':
      return most(p.values.filter((v) => /^\d[\d\s]{3,5}$/.test(v)).length, p, 0.5);
    case 'lastName':
    case 'firstName':
    case 'commune':
      return most(p.values.filter((v) => /\p{L}/u.test(v)).length, p, 0.5);
    default:
      return true;
  }
}

function median(dates: string[]): string {
  const sorted = [...dates].sort();
  return sorted[Math.floor(sorted.length / 2)] as string;
}

/**
 * Fills free fields from free columns whose values have the field's shape: e-mails whatever the header;
 * the rest only under headers that say nothing, since « Lieu de naissance » or « Date du dernier prêt »
 * have the shapes of a commune or a registration date.
 */
export function byShape(
  mapping: Partial<Record<PatronField, number>>,
  used: Set<number>,
  profiles: Profile[],
  today: string,
) {
  const anyFree = () =>
    profiles.map((p, column) => ({ p, column })).filter(({ p, column }) => !used.has(column) && p.filled > 0);
  const free = () => anyFree().filter(({ p }) => p.generic);
  const take = (field: PatronField, column: number | undefined) => {
    if (column === undefined || mapping[field] !== undefined || used.has(column)) return;
    mapping[field] = column;
    used.add(column);
  };
  const first = (test: (p: Profile) => boolean) => free().find(({ p }) => test(p))?.column;
  // Postal codes and years repeat from row to row; card numbers of the same shape do not.
  const mostRepeated = (test: (p: Profile) => boolean) =>
    free()
      .filter(({ p }) => test(p))
      .sort((a, b) => a.p.distinct / a.p.filled - b.p.distinct / b.p.filled || a.column - b.column)[0]
      ?.column;

  take('email', anyFree().find(({ p }) => most(p.emails, p, 0.5))?.column);
  take(
    'postalCode',
    mostRepeated((p) => most(p.postalCodes, p)),
  );
  take(
    'birthYear',
    mostRepeated((p) => most(p.years, p)),
  );

  const tenYearsAgo = `${Number(today.slice(0, 4)) - 10}${today.slice(4)}`;
  const dateColumns = free()
    .filter(({ p }) => most(p.dates.length, p))
    .map(({ p, column }) => ({ column, median: median(p.dates) }))
    .sort((a, b) => a.median.localeCompare(b.median) || a.column - b.column);
  const oldest = dateColumns[0];
  if (
    oldest &&
    oldest.median < tenYearsAgo &&
    mapping.birthDate === undefined &&
    mapping.birthYear === undefined
  ) {
    take('birthDate', oldest.column);
    dateColumns.shift();
  }
  if (dateColumns.length >= 2 && mapping.registeredOn === undefined && mapping.expiresOn === undefined) {
    take('registeredOn', dateColumns[0]?.column);
    take('expiresOn', dateColumns[1]?.column);
  } else if (dateColumns.length >= 1) {
    if (mapping.registeredOn !== undefined) take('expiresOn', dateColumns[0]?.column);
    else if (mapping.expiresOn !== undefined) take('registeredOn', dateColumns[0]?.column);
  }

  take(
    'cardNumber',
    first((p) => most(p.identifiers, p, 0.9) && p.distinct >= p.filled * 0.9 && p.filled >= p.total * 0.8),
  );

  // Names: in every export seen, the last name comes first, the first name right after it; the commune
  // follows the postal code.
  const isText = (p: Profile) => most(p.names, p) && p.filled >= p.total * 0.5;
  const postal = mapping.postalCode;
  const afterPostal = postal === undefined ? undefined : profiles[postal + 1];
  if (postal !== undefined && afterPostal?.generic && isText(afterPostal)) take('commune', postal + 1);
  const last = first(isText);
  take('lastName', last);
  if (last !== undefined) {
    const next = free().find(({ p, column }) => column > last && column <= last + 2 && isText(p));
    take('firstName', next?.column);
  }
  take(
    'category',
    first((p) => isText(p) && p.total >= 4 && p.distinct <= Math.max(2, p.filled / 2)),
  );
}
