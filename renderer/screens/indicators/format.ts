import { formatEuros, formatEurosFr } from '../../../shared/domain/money.ts';

/** 12345 → « 12 345 », grouped the French way (narrow no-break space, as the euros). */
export const integerFr = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
export const eurosFr = (cents: number) => formatEurosFr(formatEuros(cents));
/** An exact ratio in euros with two decimals (« 41.75 ») → « 41,75 € ». */
export const decimalEurosFr = (decimal: string) => formatEurosFr(decimal);
/** « 3.5 » → « 3,5 ». */
export const decimalFr = (decimal: string) => decimal.replace('.', ',');
