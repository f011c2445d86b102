/**
 * An exact ratio of integers. A prorata is kept as a fraction (184/365), never as a binary floating-point
 * number, so that money computed from it stays exact until the single rounding to the cent.
 */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

/** Throws unless the fraction is a non-negative safe integer over a positive safe integer. */
export function assertFraction(fraction: Fraction, what = 'fraction'): void {
  const { numerator, denominator } = fraction;
  if (!Number.isSafeInteger(numerator) || numerator < 0) {
    throw new RangeError(`${what}: the numerator must be a non-negative integer (got ${numerator}).`);
  }
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`${what}: the denominator must be a positive integer (got ${denominator}).`);
  }
}

/** "184/365"; a denominator of 1 shows the integer alone ("1", "0"). */
export function formatFraction(fraction: Fraction): string {
  assertFraction(fraction);
  return fraction.denominator === 1
    ? String(fraction.numerator)
    : `${fraction.numerator}/${fraction.denominator}`;
}

/**
 * The fraction as a decimal string with exactly `digits` decimals, rounded half-up, computed in integers:
 * 184/365 → "0.504110" (6 digits). A dot, not a comma: this is for JSON and files, not for display.
 */
export function fractionToDecimalString(fraction: Fraction, digits = 6): string {
  assertFraction(fraction);
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(`digits must be an integer from 0 to 20 (got ${digits}).`);
  }
  const scale = 10n ** BigInt(digits);
  const numerator = BigInt(fraction.numerator) * scale;
  const denominator = BigInt(fraction.denominator);
  const scaled = (2n * numerator + denominator) / (2n * denominator);
  const whole = scaled / scale;
  if (digits === 0) return String(whole);
  const decimals = String(scaled % scale).padStart(digits, '0');
  return `${whole}.${decimals}`;
}

/** -1, 0 or 1 as a < b, a = b, a > b, compared exactly (cross-multiplied in bigint). */
export function compareFractions(a: Fraction, b: Fraction): -1 | 0 | 1 {
  assertFraction(a);
  assertFraction(b);
  const left = BigInt(a.numerator) * BigInt(b.denominator);
  const right = BigInt(b.numerator) * BigInt(a.denominator);
  return left < right ? -1 : left > right ? 1 : 0;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** a + b, exact; kept over the common denominator when both share one (184/365 + 181/365 = 365/365). */
export function addFractions(a: Fraction, b: Fraction): Fraction {
  assertFraction(a);
  assertFraction(b);
  if (a.denominator === b.denominator) {
    return checked(BigInt(a.numerator) + BigInt(b.numerator), BigInt(a.denominator));
  }
  const numerator = BigInt(a.numerator) * BigInt(b.denominator) + BigInt(b.numerator) * BigInt(a.denominator);
  const denominator = BigInt(a.denominator) * BigInt(b.denominator);
  const divisor = gcd(numerator, denominator);
  return checked(numerator / divisor, denominator / divisor);
}

function checked(numerator: bigint, denominator: bigint): Fraction {
  const result = { numerator: Number(numerator), denominator: Number(denominator) };
  if (!Number.isSafeInteger(result.numerator) || !Number.isSafeInteger(result.denominator)) {
    throw new RangeError('The sum of these fractions does not fit in safe integers.');
  }
  return result;
}
