import { z } from 'zod';

/**
 * Exact money, never binary floating point: rates per inhabitant in integer ten-thousandths of a euro
 * (0,30 € → 3000), amounts in integer cents. Text accepts "0.30", "0,30", "1 500,50".
 */
function parseDecimal(text: string, scale: number): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > scale) return null;
  const value = Number(whole) * 10 ** scale + Number(fraction.padEnd(scale, '0') || '0');
  return Number.isSafeInteger(value) ? value : null;
}

function formatDecimal(value: number, scale: number, minDigits: number): string {
  const whole = Math.floor(value / 10 ** scale);
  const fraction = String(value % 10 ** scale).padStart(scale, '0');
  const trimmed = fraction.replace(/0+$/, '').padEnd(minDigits, '0');
  return trimmed ? `${whole}.${trimmed}` : String(whole);
}

export const parseRate = (text: string) => parseDecimal(text, 4);
export const formatRate = (e4: number) => formatDecimal(e4, 4, 2);
export const parseEuros = (text: string) => parseDecimal(text, 2);
export const formatEuros = (cents: number) => formatDecimal(cents, 2, 2);

/** "0.30" → "0,30 €": the French display of a decimal string from the contract. */
export function formatEurosFr(decimal: string): string {
  const [whole = '0', fraction] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${grouped}${fraction ? `,${fraction}` : ''} €`;
}

export const rateSchema = z
  .string()
  .refine((text) => parseRate(text) !== null, {
    message: 'Taux invalide (exemple : 0,30 ; au plus 4 décimales).',
  })
  .transform((text) => formatRate(parseRate(text) as number));

export const eurosSchema = z
  .string()
  .refine((text) => parseEuros(text) !== null, { message: 'Montant invalide (exemple : 1 500,00).' })
  .transform((text) => formatEuros(parseEuros(text) as number));
