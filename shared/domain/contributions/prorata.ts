import type { Prorata as ProrataRule } from '../convention.ts';
import { formatDateFr, frenchMonths } from '../dates.ts';
import { assertYear, dayOfYear, daysInYear, parseIsoDate, yearText } from './calendar.ts';
import type { Fraction } from './fraction.ts';

export type { ProrataRule };

/** A convention's period: closed interval, both days included; a null end runs forever. */
export interface ConventionPeriod {
  readonly start: string;
  readonly end: string | null;
}

/**
 * The share of a year a convention pays for: a Fraction (so it can be used wherever one is expected), plus
 * what it was computed from, so a yearly statement can say it in words.
 */
export interface YearProrata extends Fraction {
  readonly rule: ProrataRule;
  readonly year: number;
  /** The days of `year` the convention covers (clipped to the year), or null when it covers none. */
  readonly covered: { readonly from: string; readonly to: string } | null;
}

/**
 * The prorata of `year` a convention pays for, exact:
 * - `days`: days covered ÷ days in the year (366 in leap years), first and last days included;
 * - `months`: whole months ÷ 12, a month counting when the convention covers its 1st;
 * - `none`: 1 when the convention covers at least one day of the year, 0 otherwise.
 * Not reduced, so the statement reads as computed: 184/365, 6/12, 1/1.
 */
export function prorata(rule: ProrataRule, period: ConventionPeriod, year: number): YearProrata {
  assertYear(year);
  parseIsoDate(period.start);
  if (period.end !== null) {
    parseIsoDate(period.end);
    if (period.end < period.start) {
      throw new RangeError(`The period ends (${period.end}) before it starts (${period.start}).`);
    }
  }
  const firstDay = `${yearText(year)}-01-01`;
  const lastDay = `${yearText(year)}-12-31`;
  // Same-length ISO strings order as the dates they spell.
  const from = period.start > firstDay ? period.start : firstDay;
  const to = period.end !== null && period.end < lastDay ? period.end : lastDay;
  const covered = from <= to ? { from, to } : null;

  switch (rule) {
    case 'days': {
      const days = covered
        ? dayOfYear(parseIsoDate(covered.to)) - dayOfYear(parseIsoDate(covered.from)) + 1
        : 0;
      return { rule, year, covered, numerator: days, denominator: daysInYear(year) };
    }
    case 'months':
      return { rule, year, covered, numerator: coveredMonths(covered)?.count ?? 0, denominator: 12 };
    case 'none':
      return { rule, year, covered, numerator: covered ? 1 : 0, denominator: 1 };
  }
}

/** The months whose 1st lies in the covered days (they are consecutive: the period is one interval). */
function coveredMonths(
  covered: YearProrata['covered'],
): { first: number; last: number; count: number } | null {
  if (!covered) return null;
  const from = parseIsoDate(covered.from);
  const first = from.day === 1 ? from.month : from.month + 1;
  // The last day's month counts unless its 1st precedes `from` (then first > last and none counts).
  const last = parseIsoDate(covered.to).month;
  return first <= last ? { first, last, count: last - first + 1 } : null;
}

const monthName = (month: number) => frenchMonths[month - 1] ?? String(month);
/** "de juillet", but "d’août", "d’avril", "d’octobre". */
const fromMonth = (month: number) => (/^[aeioué]/.test(monthName(month)) ? 'd’' : 'de ') + monthName(month);

/**
 * The prorata in French words, for the yearly statement (the fraction itself is shown beside it):
 * "du 01/07/2027 au 31/12/2027, au jour près", "mois entiers de juillet à décembre 2027",
 * "sans prorata, la convention couvre 2027", "la convention ne couvre aucun jour de 2027".
 */
export function describeProrata(share: YearProrata): string {
  const year = yearText(share.year);
  if (!share.covered) return `la convention ne couvre aucun jour de ${year}`;
  switch (share.rule) {
    case 'days':
      return `du ${formatDateFr(share.covered.from)} au ${formatDateFr(share.covered.to)}, au jour près`;
    case 'months': {
      const months = coveredMonths(share.covered);
      if (!months) return `aucun mois entier en ${year} : la convention n’en couvre aucun 1er`;
      if (months.count === 1) return `mois entier ${fromMonth(months.first)} ${year}`;
      return `mois entiers ${fromMonth(months.first)} à ${monthName(months.last)} ${year}`;
    }
    case 'none':
      return `sans prorata, la convention couvre ${year}`;
  }
}
