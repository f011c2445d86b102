import type { PatronField } from '../../../electron/services/import/read/fields.ts';
import { type NormalizeContext, normalizeRow } from '../../../electron/services/import/read/normalize.ts';

/**
 * What the normalize tests share: a fixed today (dates in the future or expired depend on it), a commune
 * resolver knowing three postal code / name pairs, and a row built from the fields it names.
 */
export const today = '2026-03-01';
const communes: Record<string, string> = {
  '46100|Figeac': '46102',
  '46000|Cahors': '46042',
  '46000|': '46042',
};
export const context: NormalizeContext = {
  today,
  resolveCommune: (postalCode, name) => {
    const insee = communes[`${postalCode ?? ''}|${name ?? ''}`];
    return insee ? { insee, former: null } : null;
  },
};

const fields: PatronField[] = [
  'cardNumber',
  'lastName',
  'firstName',
  'birthDate',
  'birthYear',
  'email',
  'postalCode',
  'commune',
  'registeredOn',
  'expiresOn',
  'category',
];
const everyField = Object.fromEntries(fields.map((field, index) => [field, index]));

/** A row of the eleven fields, in that order, from the values given (the rest empty). */
export function row(values: Partial<Record<PatronField, string>>) {
  const cells = fields.map((field) => values[field] ?? '');
  return normalizeRow(cells, everyField, context);
}
export const base = { cardNumber: '46CZ1', lastName: 'Dupont' };
export const codes = (issues: readonly { code: string }[]) => issues.map((issue) => issue.code);
