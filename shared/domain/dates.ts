import { z } from 'zod';

/**
 * A calendar date `YYYY-MM-DD` that exists (no 31 February). Three French messages, the same through every
 * door: nothing written, not a date, a day that does not exist (« le 31/02/2027 n’existe pas »).
 */
export const isoDateSchema = z.string().superRefine((value, context) => {
  if (isRealDate(value)) return;
  const message =
    value.trim() === ''
      ? 'Date manquante.'
      : /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? `Date invalide : le ${formatDateFr(value)} n’existe pas.`
        : 'Date invalide (attendu : AAAA-MM-JJ).';
  context.addIssue({ code: 'custom', message });
});

export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Today in the user's calendar, as `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** "2027-07-01" → "01/07/2027", the way French staff read dates. */
export function formatDateFr(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

/** French month names, January first. */
export const frenchMonths = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;
