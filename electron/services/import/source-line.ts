import { hash } from 'node:crypto';
import { type PatronRecord, patronColumns } from './patron-row.ts';
import type { PatronField } from './read/fields.ts';
import type { Mapping } from './read/mapping.ts';
import { isFileProblem, type NormalizedRow, type PatronValues } from './read/normalize.ts';

/**
 * A re-import's unchanged lines, known without normalising them again. Normalising a line is a pure
 * function of its mapped cells, the mapping, the rules (this code, the commune data) and today's date; an
 * import records, for each patron it read from a clean line, the line's key (`lineKey`) and a digest of the
 * values that line gave (`valuesDigest`, table `patron_source`). A later line with the same key gives the
 * same values, so when the patron still holds them (same digest) the line is that patron unchanged.
 * A patron edited, pulled or undone since holds other values: its line goes the full path.
 */

/** Bump whenever normalisation (read/normalize.ts, dates.ts, clean.ts, the resolution of communes) changes. */
const normalizationRules = 1;

/**
 * What a line's key covers besides its cells: the rules, the commune data (`fingerprint`), the year (a
 * two-digit year and a year alone are read against it) and the mapping, header names included.
 */
export function lineScope(fingerprint: string, today: string, mapping: Mapping, headers: readonly string[]) {
  const fields = (Object.entries(mapping) as [PatronField, number][]).sort(([a], [b]) => (a < b ? -1 : 1));
  const named = fields.map(([field, index]) => `${field}=${index}:${headers[index] ?? ''}`);
  return {
    prefix: `${normalizationRules}\u0001${fingerprint}\u0001${today.slice(0, 4)}\u0001${named.join('\u0001')}`,
    indexes: fields.map(([, index]) => index),
  };
}

export type LineScope = ReturnType<typeof lineScope>;

/** The key of a line: its mapped cells as read, under the scope. */
export function lineKey(scope: LineScope, cells: readonly string[]): string {
  let text = scope.prefix;
  for (const index of scope.indexes) text += `\u0000${cells[index] ?? ''}`;
  return hash('sha1', text, 'base64').slice(0, 22);
}

/** A digest of a patron's stored values, card included. */
export function valuesDigest(card: string, record: Readonly<PatronRecord>): string {
  let text = card;
  for (const column of patronColumns) text += `\u0000${record[column] ?? '\u0001'}`;
  return hash('sha1', text, 'base64').slice(0, 16);
}

/**
 * Whether a freshly normalised line may be recognised next time: nothing to reject, warn (an ended
 * registration is recomputed from today) or note, and a birth date read without a two-digit year (which
 * takes its century from today's date, not only its year).
 */
export function recordable(normalized: NormalizedRow, rawBirth: string | undefined): boolean {
  if (normalized.rejections.length > 0 || normalized.notes.length > 0) return false;
  if (normalized.warnings.some(isFileProblem)) return false;
  if (rawBirth === undefined || rawBirth.trim() === '') return true;
  const year = normalized.values.birthYear;
  return year !== null && rawBirth.includes(String(year));
}

/** The values a recognised line gives: the patron's, as stored. */
export function storedValues(card: string, record: Readonly<PatronRecord>): PatronValues {
  return {
    cardNumber: card,
    lastName: record.last_name as string | null,
    firstName: record.first_name as string | null,
    birthDate: record.birth_date as string | null,
    birthYear: record.birth_year as number | null,
    email: record.email as string | null,
    postalCode: record.postal_code as string | null,
    communeInsee: record.commune_insee as string | null,
    communeName: record.commune_name as string | null,
    registeredOn: record.registered_on as string | null,
    expiresOn: record.expires_on as string | null,
    category: record.category as string | null,
  };
}
