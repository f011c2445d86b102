/** Excel's serial day numbers: 1 is 1900-01-01, and 60 is the 29 February 1900 that never was. */
const lastSerial = 2_958_465; // 9999-12-31
const dayMs = 86_400_000;

export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial + 1e-9);
  if (day < 1 || day > lastSerial || day === 60) return null;
  // From 61 on, Excel counts the phantom 29/02/1900: its day 0 is 30/12/1899 for them.
  const epoch = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + day * dayMs).toISOString().slice(0, 10);
}

/** A JavaScript date (as exceljs builds them, in UTC) → `YYYY-MM-DD`, rounded to the second. */
export function isoFromDate(date: Date): string | null {
  const time = date.getTime();
  if (Number.isNaN(time)) return null;
  return new Date(Math.round(time / 1000) * 1000).toISOString().slice(0, 10);
}

const dayFirst =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T]+\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$/;
const yearFirst =
  /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const serialNumber = /^\d{1,7}(?:[.,]\d+)?$/;

export interface DateOptions {
  /** `YYYY-MM-DD` */
  today: string;
  /** A birth date is never in the future: a two-digit year goes to the century that keeps it past. */
  birth: boolean;
}

/**
 * Written like a date, in French order or ISO. Excel serial numbers are dates only once a column is
 * known to hold dates: by their shape alone they are any number.
 */
export function looksLikeDate(text: string): boolean {
  return dayFirst.test(text) || yearFirst.test(text);
}

/** A 4-digit whole number between 1900 and thirty years from now reads as a year, never as a serial. */
export function isYearLike(text: string, today = new Date().toISOString().slice(0, 10)): boolean {
  if (!/^\d{4}$/.test(text)) return false;
  const year = Number(text);
  return year >= 1900 && year <= Number(today.slice(0, 4)) + 30;
}

/**
 * `dd/mm/yyyy`, `dd/mm/yy`, `d.m.yyyy`, `yyyy-mm-dd` (with or without a time, which is dropped) or an
 * Excel serial number → `YYYY-MM-DD` when it is a real calendar date; null otherwise (not a date shape,
 * or a day that does not exist such as 31/02/1990 or month 13).
 */
export function parseDate(text: string, options: DateOptions): string | null {
  const value = text.trim();
  const french = dayFirst.exec(value);
  if (french) {
    const [, day, month, year] = french as unknown as [string, string, string, string];
    const fullYear = year.length === 4 ? Number(year) : pivotYear(Number(year), day, month, options);
    return real(fullYear, month, day);
  }
  const iso = yearFirst.exec(value);
  if (iso) {
    const [, year, month, day] = iso as unknown as [string, string, string, string];
    return real(Number(year), month, day);
  }
  if (serialNumber.test(value) && !isYearLike(value, options.today)) {
    return excelSerialToIso(Number(value.replace(',', '.')));
  }
  return null;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The ISO date when the day exists (no 31/02, no month 13), by arithmetic: it runs once per date cell. */
function real(year: number, month: string, day: string): string | null {
  const m = Number(month);
  const d = Number(day);
  if (year < 100 || year > 9999 || m < 1 || m > 12 || d < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (d > (m === 2 && leap ? 29 : (monthDays[m - 1] as number))) return null;
  return `${String(year).padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * Two-digit years: a birth date takes the latest century that does not put it in the future;
 * other dates (registration, expiry) the 2000s unless that is more than twenty years ahead.
 */
function pivotYear(twoDigits: number, day: string, month: string, options: DateOptions): number {
  const recent = 2000 + twoDigits;
  if (options.birth) {
    const iso = `${recent}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    return iso > options.today ? recent - 100 : recent;
  }
  return recent > Number(options.today.slice(0, 4)) + 20 ? recent - 100 : recent;
}
