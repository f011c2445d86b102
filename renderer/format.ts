import { formatEurosFr } from '../shared/domain/money.ts';
import { formatInteger } from '../shared/format.ts';

/** Display helpers the screens share; numbers and dates as French staff read them. */
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
const percentFormat = new Intl.NumberFormat('fr-FR', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** "2026-11-25T14:57:19.801Z" → "25/11/2026 15:57", in the user's time zone. */
export function formatDateTimeFr(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** 0.071 → "7,1 %". */
export function formatPercentFr(share: number): string {
  return percentFormat.format(share);
}

/** "0.30" → "0,30 €/hab.". */
export function formatRateFr(decimal: string): string {
  return `${formatEurosFr(decimal)}/hab.`;
}

/** The first day of next month, the usual start of a new convention. */
export function firstDayOfNextMonth(now: Date = new Date()): string {
  const year = now.getMonth() === 11 ? now.getFullYear() + 1 : now.getFullYear();
  const month = (now.getMonth() + 1) % 12;
  return `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** "1 ligne ignorée", "2 lignes ignorées": French takes the singular for 0 and 1. */
export function countFr(n: number, singular: string, plural: string): string {
  return `${formatInteger(n)} ${n > 1 ? plural : singular}`;
}
