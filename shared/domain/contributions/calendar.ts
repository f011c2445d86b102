/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, in integers only: no Date, no time zone, no daylight saving.
 * Gregorian rules (a year divisible by 4 is leap, except centuries not divisible by 400).
 */

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 366 in leap years, 365 otherwise. */
export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (monthLengths[month - 1] ?? 0);
}

/** Throws a RangeError unless `year` is a whole year from 1 to 9999 (dates stay four-digit strings). */
export function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`The year must be an integer from 1 to 9999 (got ${year}).`);
  }
}

/** "2027-07-01" → { year: 2027, month: 7, day: 1 }; a RangeError for anything that is not a real date. */
export function parseIsoDate(iso: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match || year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a real calendar date (YYYY-MM-DD): "${iso}".`);
  }
  return { year, month, day };
}

/** 1 for 1 January; 60 for 29 February in a leap year, 1 March otherwise; 365 or 366 for 31 December. */
export function dayOfYear(date: CalendarDate): number {
  let days = date.day;
  for (let month = 1; month < date.month; month += 1) days += daysInMonth(date.year, month);
  return days;
}

/** The four-digit year as dates spell it: 2027 → "2027". */
export function yearText(year: number): string {
  return String(year).padStart(4, '0');
}
