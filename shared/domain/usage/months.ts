import { frenchMonths } from '../dates.ts';

/** A calendar month as COUNTER counts usage: "YYYY-MM". */
export type Month = string;

const englishAbbreviations = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

const isMonth = (year: number, month: number) => year >= 1990 && year <= 2100 && month >= 1 && month <= 12;
const format = (year: number, month: number): Month => `${year}-${String(month).padStart(2, '0')}`;

/**
 * A month column's heading in a tabular report: "Jan-2026" (the Code of Practice's Mmm-yyyy, both
 * releases) or "2026-01" (what some 5.1 report tools write). Anything else is not a month column.
 */
export function monthOfColumn(heading: string): Month | null {
  const text = heading.trim();
  const named = /^([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (named) {
    const month = englishAbbreviations.findIndex((m) => m.toLowerCase() === named[1]?.toLowerCase()) + 1;
    const year = Number(named[2]);
    return isMonth(year, month) ? format(year, month) : null;
  }
  const numeric = /^(\d{4})-(\d{2})$/.exec(text);
  if (numeric) {
    const [year, month] = [Number(numeric[1]), Number(numeric[2])];
    return isMonth(year, month) ? format(year, month) : null;
  }
  return null;
}

/** The month of a COUNTER date: "2026-01-01", "2026-01-31" or "2026-01" (5.1's Begin_Date may be a month). */
export function monthOfDate(text: unknown): Month | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const [year, month] = [Number(match[1]), Number(match[2])];
  if (!isMonth(year, month)) return null;
  if (match[3] !== undefined) {
    const day = Number(match[3]);
    if (day < 1 || day > 31) return null;
  }
  return format(year, month);
}

/** Every month from `first` to `last`, both included (empty when `last` comes first). */
export function monthsBetween(first: Month, last: Month): Month[] {
  const months: Month[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard += 1) {
    const current = format(year, month);
    if (current > last) break;
    months.push(current);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

/** "2026-03" → « mars 2026 ». */
export function monthFr(month: Month): string {
  const [year, number] = month.split('-');
  return `${frenchMonths[Number(number) - 1] ?? number} ${year}`;
}

/** « janvier à juin 2026 », « novembre 2025 à février 2026 », « mars 2026 ». */
export function monthSpanFr(first: Month, last: Month): string {
  if (first === last) return monthFr(first);
  const [firstYear, firstNumber] = first.split('-');
  if (firstYear === last.slice(0, 4)) return `${frenchMonths[Number(firstNumber) - 1]} à ${monthFr(last)}`;
  return `${monthFr(first)} à ${monthFr(last)}`;
}
