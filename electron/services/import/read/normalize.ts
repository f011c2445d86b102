import { formatDateFr } from '../../../../shared/domain/dates.ts';
import { patronTextLimits } from '../../../../shared/domain/patron.ts';
import type { CommuneResolver } from '../communes.ts';
import { cleanText } from './clean.ts';
import { isYearLike, parseDate } from './dates.ts';
import { type PatronField, patronFieldLabels } from './fields.ts';
import type { Mapping } from './mapping.ts';
import { type Issue, memoFor, show } from './row-memo.ts';

export type { Issue } from './row-memo.ts';

export interface PatronValues {
  cardNumber: string | null;
  lastName: string | null;
  firstName: string | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  birthYear: number | null;
  email: string | null;
  postalCode: string | null;
  communeInsee: string | null;
  communeName: string | null;
  /** YYYY-MM-DD */
  registeredOn: string | null;
  /** YYYY-MM-DD */
  expiresOn: string | null;
  category: string | null;
}

export interface NormalizedRow {
  values: PatronValues;
  /** the row is not imported */
  rejections: readonly Issue[];
  /** the row is imported, flagged (issues may be shared between rows: never change them) */
  warnings: readonly Issue[];
  /** what the import understood of the row, nothing to correct (shared between rows too) */
  notes: readonly Issue[];
}

export interface NormalizeContext {
  /** YYYY-MM-DD */
  today: string;
  /** The commune when unambiguous (with the former commune the file names, if it does), else null. */
  resolveCommune: CommuneResolver;
}

export const rejectionCodes = [
  'card_number_missing',
  'card_number_scientific',
  'card_number_too_long',
  'last_name_missing',
  'name_too_long',
  'birth_date_invalid',
  'birth_date_in_future',
  'birth_date_before_1900',
  'birth_year_invalid',
  'registration_date_invalid',
  'expiry_date_invalid',
  'row_unreadable',
] as const;

export const warningCodes = [
  'email_invalid',
  'postal_code_invalid',
  'commune_unknown',
  'registration_expired',
  'value_too_long',
] as const;

export const noteCodes = ['commune_former_name'] as const;

const excelError =
  /^#(?:N\/A|REF!|NAME\?|NOM\?|DIV\/0!|NULL!|NUL!|VALUE!|VALEUR!|NUM!|NOMBRE!|SPILL!|CALC!)$/i;

/**
 * Whether a warning is something the library should correct in its file. An expired subscription is not:
 * the file is right, the card has simply ended; it is counted apart and left out of the report.
 */
export const isFileProblem = (issue: Issue) => issue.code !== 'registration_expired';

/** A row the reader could not split safely (`RawRow.error`) is rejected with this issue. */
export function unreadableRow(message: string): Issue {
  return { field: null, code: 'row_unreadable', message };
}

/**
 * One row of the file → a patron's values, with the reasons to reject the row and the warnings to flag it.
 * Only mapped columns are read. Every cell is cleaned (invisible characters, no-break spaces, runs of
 * whitespace); e-mails are lower-cased; dates are read in French order, ISO or as Excel serial numbers.
 */
export function normalizeRow(
  cells: readonly string[],
  mapping: Mapping,
  context: NormalizeContext,
): NormalizedRow {
  const memo = memoFor(context);
  let rejections: Issue[] | null = null;
  let warnings: Issue[] | null = null;
  const reject = (field: PatronField | null, code: (typeof rejectionCodes)[number], message: string) => {
    rejections ??= [];
    rejections.push({ field, code, message });
  };
  const warn = (issue: Issue) => {
    warnings ??= [];
    warnings.push(issue);
  };
  let excelErrors: Partial<Record<PatronField, string>> | null = null;
  const cell = (field: PatronField): string | null => {
    const index = mapping[field];
    if (index === undefined) return null;
    const text = cleanText(cells[index]);
    // An Excel error (#N/A, #REF!…) in a cell is no value.
    if (text.charCodeAt(0) === 35 /* # */ && excelError.test(text)) {
      excelErrors ??= {};
      excelErrors[field] = text;
      return null;
    }
    return text || null;
  };
  const because = (field: PatronField) =>
    excelErrors?.[field] ? ` (la cellule contient l’erreur Excel ${excelErrors[field]})` : '';
  const { today } = context;
  /** A place or category longer than the registry keeps is flagged and left out; the patron stays. */
  const shortEnough = (field: 'commune' | 'category'): string | null => {
    const text = cell(field);
    if (text === null || text.length <= patronTextLimits[field]) return text;
    warn({
      field,
      code: 'value_too_long',
      message: `${patronFieldLabels[field]} trop longue (${text.length} caractères, ${patronTextLimits[field]} au plus), non enregistrée : ${show(text)}.`,
    });
    return null;
  };

  let cardNumber = cell('cardNumber');
  if (cardNumber === null) {
    reject('cardNumber', 'card_number_missing', `N° de carte manquant${because('cardNumber')}.`);
  } else if (/^\d+(?:[.,]\d+)?E\+?\d+$/i.test(cardNumber)) {
    reject(
      'cardNumber',
      'card_number_scientific',
      `N° de carte ${show(cardNumber)} arrondi par Excel (notation scientifique) : exportez la colonne au format texte.`,
    );
    cardNumber = null;
  } else if (cardNumber.length > patronTextLimits.cardNumber) {
    reject(
      'cardNumber',
      'card_number_too_long',
      `N° de carte trop long (${cardNumber.length} caractères, ${patronTextLimits.cardNumber} au plus) : ${show(cardNumber)}.`,
    );
    cardNumber = null;
  }

  const lastName = cell('lastName');
  if (lastName === null) reject('lastName', 'last_name_missing', `Nom manquant${because('lastName')}.`);
  const firstName = cell('firstName');
  for (const [field, name] of [
    ['lastName', lastName],
    ['firstName', firstName],
  ] as const) {
    if (name !== null && name.length > patronTextLimits[field])
      reject(
        field,
        'name_too_long',
        `${patronFieldLabels[field]} trop long (${name.length} caractères, ${patronTextLimits[field]} au plus) : ${show(name)}.`,
      );
  }

  const date = (
    field: 'birthDate' | 'registeredOn' | 'expiresOn',
    code: 'birth_date_invalid' | 'registration_date_invalid' | 'expiry_date_invalid',
  ): string | null => {
    const raw = cell(field);
    if (raw === null || isZeroDate(raw)) return null;
    const iso = memo.date(raw, field === 'birthDate');
    if (iso === null) reject(field, code, `${patronFieldLabels[field]} invalide : ${show(raw)}.`);
    return iso;
  };

  let birthYear: number | null = null;
  let birthDate: string | null = null;
  const rawBirth = cell('birthDate');
  if (rawBirth !== null && isYearLike(rawBirth, today)) {
    // A year alone in the birth-date column: the year is known, the day is not.
    birthYear = checkedYear(rawBirth, reject, today);
  } else {
    birthDate = date('birthDate', 'birth_date_invalid');
  }
  if (birthDate !== null) {
    if (birthDate > today) {
      reject(
        'birthDate',
        'birth_date_in_future',
        `Date de naissance dans le futur : ${formatDateFr(birthDate)}.`,
      );
      birthDate = null;
    } else if (birthDate < '1900-01-01') {
      reject(
        'birthDate',
        'birth_date_before_1900',
        `Date de naissance avant 1900 : ${formatDateFr(birthDate)}.`,
      );
      birthDate = null;
    } else {
      birthYear = Number(birthDate.slice(0, 4));
    }
  }
  const rawYear = cell('birthYear');
  if (rawYear !== null && birthDate === null && birthYear === null && !/^0+$/.test(rawYear)) {
    birthYear = checkedYear(rawYear, reject, today);
  }

  const registeredOn = date('registeredOn', 'registration_date_invalid');
  const expiresOn = date('expiresOn', 'expiry_date_invalid');
  if (expiresOn !== null && expiresOn < today) warn(memo.expired(expiresOn));

  let email = cell('email');
  if (email !== null) {
    const address = email.replace(/^mailto:/i, '').toLowerCase();
    if (isEmail(address)) email = address;
    else {
      warn({
        field: 'email',
        code: 'email_invalid',
        message: `Courriel invalide, non enregistré : ${show(email)}.`,
      });
      email = null;
    }
  }

  const rawPostal = cell('postalCode');
  let postalCode: string | null = null;
  if (rawPostal !== null) {
    const digits = rawPostal.replace(/\s/g, '');
    if (/^\d{5}$/.test(digits)) postalCode = digits;
    else if (/^\d{4}$/.test(digits))
      postalCode = `0${digits}`; // the leading zero Excel drops (01000…09999)
    else
      warn({
        field: 'postalCode',
        code: 'postal_code_invalid',
        message: `Code postal invalide, non enregistré : ${show(rawPostal)}.`,
      });
  }
  const communeName = shortEnough('commune');
  let communeInsee: string | null = null;
  let notes: readonly Issue[] = none;
  if (rawPostal !== null || communeName !== null) {
    const commune = context.resolveCommune(postalCode, communeName);
    communeInsee = commune?.insee ?? null;
    if (commune === null) warn(memo.communeUnknown(rawPostal, communeName));
    else if (commune.former) notes = memo.formerName(commune.former);
  }

  return {
    values: {
      cardNumber,
      lastName,
      firstName,
      birthDate,
      birthYear,
      email,
      postalCode,
      communeInsee,
      communeName,
      registeredOn,
      expiresOn,
      category: shortEnough('category'),
    },
    rejections: rejections ?? none,
    warnings: warnings ?? none,
    notes,
  };
}

/**
 * The reading of a row known to give these values (a stored patron's: line-fingerprint.ts), which was plain
 * when they were stored: its only possible issue, an ended registration, is dated against today.
 */
export function knownRow(values: PatronValues, context: NormalizeContext): NormalizedRow {
  const { expiresOn } = values;
  return {
    values,
    rejections: none,
    warnings: expiresOn !== null && expiresOn < context.today ? [memoFor(context).expired(expiresOn)] : none,
    notes: none,
  };
}

/** The many rows with nothing to say share one empty, frozen list. */
const none: readonly Issue[] = Object.freeze([]);

/** MySQL's and some SIGB's way of saying "no date": 0000-00-00, 00/00/0000, with or without a time. */
function isZeroDate(value: string): boolean {
  return /^0+[/.-]0+[/.-]0+(?:[ T][0:.]*)?$/.test(value);
}

/** A year of birth: 4 digits from 1900 to this year, or a date in that column (its year is kept). */
function checkedYear(
  raw: string,
  reject: (field: PatronField, code: 'birth_year_invalid', message: string) => void,
  today: string,
): number | null {
  const thisYear = Number(today.slice(0, 4));
  if (/^\d{4}$/.test(raw) && Number(raw) >= 1900 && Number(raw) <= thisYear) return Number(raw);
  const iso = /^\d{4}$/.test(raw) ? null : parseDate(raw, { today, birth: true });
  if (iso !== null && iso <= today && iso >= '1900-01-01') return Number(iso.slice(0, 4));
  reject('birthYear', 'birth_year_invalid', `Année de naissance invalide : ${show(raw)}.`);
  return null;
}

const emailPattern =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/** A deliverable-looking address: local part, @, a domain with a dot and a letters-only top level. */
export function isEmail(value: string): boolean {
  return value.length <= 254 && emailPattern.test(value);
}
