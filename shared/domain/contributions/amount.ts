import { formatInteger } from '../../format.ts';
import { formatEuros, formatEurosFr, formatRate } from '../money.ts';
import { assertFraction, type Fraction, formatFraction } from './fraction.ts';
import { describeProrata, type YearProrata } from './prorata.ts';

/**
 * A degressive band: inhabitants up to `upTo` (counted from the first inhabitant, i.e. cumulative) pay
 * `rateE4`; the next band starts where this one ends. The last band has `upTo: null` (everyone else).
 * Example: [{ upTo: 10000, rateE4: 3000 }, { upTo: null, rateE4: 2000 }] = the first 10 000 at 0,30 €,
 * the rest at 0,20 €.
 */
export interface Band {
  readonly upTo: number | null;
  readonly rateE4: number;
}

export interface ContributionInput {
  /** Inhabitants (the convention's basis, millésime and perimeter). */
  readonly population: number;
  /** Rate per inhabitant in ten-thousandths of a euro (0,30 € → 3000). With bands, the first band's rate. */
  readonly rateE4: number;
  /** A plain Fraction, or a YearProrata from `prorata()` so the statement can name the period. */
  readonly prorata: Fraction | YearProrata;
  /** Degressive bands; when given they set every inhabitant's rate, and `rateE4` must be the first one's. */
  readonly bands?: readonly Band[] | undefined;
  /** Yearly floor and cap in cents, or null. They are not prorated. */
  readonly floorCents: number | null;
  readonly capCents: number | null;
}

export interface Contribution {
  /** What the EPCI owes for the year, in cents. */
  readonly amountCents: number;
  /** population × rate × prorata rounded half-up to the cent, before the floor or cap. */
  readonly beforeLimitsCents: number;
  /** Which limit set the amount; null when neither did (equal to a limit is not limited by it). */
  readonly limitedBy: 'floor' | 'cap' | null;
  /** population × rate for a whole year, exact, in ten-thousandths of a euro (before prorata and limits). */
  readonly fullYearE4: number;
  /** The computation in French, one line per step, for the yearly statement. */
  readonly steps: readonly string[];
}

/**
 * One EPCI's contribution for one year, exact (DESIGN.md §6):
 *
 *   exact = Σ(inhabitants in band × band rate) × prorata          (a rational number of euros)
 *   limited = min(max(exact, floor), cap)                          (floor and cap compare with the prorated,
 *                                                                    unrounded amount; they are not prorated)
 *   amount = limited rounded half-up to the cent                   (the only rounding)
 *
 * This is how a French collectivity convention reads: the floor and cap are yearly sums in euros set
 * against the amount the formula gives for the year, and the sum owed is then stated to the cent, the
 * half-cent going up. Because the limits are whole cents and rounding is monotonic, rounding before or
 * after the limits gives the same amount; the order only decides `limitedBy` when the exact amount lies
 * just outside a limit but rounds onto it (99,996 € against a 100,00 € floor: limited by the floor).
 *
 * A zero prorata (the convention covers no day of the year, or no month's 1st with the months rule) owes
 * nothing: a floor applies to a year the convention pays for, not to years outside it.
 *
 * Arithmetic is in bigint: population × rate is in ten-thousandths of a euro, the prorata stays a fraction
 * until the final division, so nothing is ever a binary floating-point euro.
 */
export function contribution(input: ContributionInput): Contribution {
  const { population, rateE4, prorata, floorCents, capCents } = input;
  assertCount(population, 'population');
  assertCount(rateE4, 'rateE4');
  assertFraction(prorata, 'prorata');
  if (prorata.numerator > prorata.denominator) {
    throw new RangeError(`A prorata cannot exceed 1 (got ${prorata.numerator}/${prorata.denominator}).`);
  }
  if (floorCents !== null) assertCount(floorCents, 'floorCents');
  if (capCents !== null) assertCount(capCents, 'capCents');
  if (floorCents !== null && capCents !== null && floorCents > capCents) {
    throw new RangeError(`The floor (${floorCents} cents) exceeds the cap (${capCents} cents).`);
  }

  const steps: string[] = [];
  const slices = bandSlices(population, rateE4, input.bands);
  const fullYear = slices.reduce((sum, slice) => sum + BigInt(slice.inhabitants) * BigInt(slice.rateE4), 0n);
  if (input.bands && input.bands.length > 0) {
    for (const slice of slices) {
      if (slice.inhabitants === 0) continue;
      const rangeText = `habitants ${formatInteger(slice.firstInhabitant)} à ${formatInteger(slice.lastInhabitant)}`;
      const e4 = BigInt(slice.inhabitants) * BigInt(slice.rateE4);
      steps.push(
        `${rangeText} : ${formatInteger(slice.inhabitants)} × ${rateFr(slice.rateE4)} = ${e4Fr(e4)}`,
      );
    }
    steps.push(`Total pour une année pleine (${inhabitantsFr(population)}) : ${e4Fr(fullYear)}`);
  } else {
    steps.push(`${inhabitantsFr(population)} × ${rateFr(rateE4)} = ${e4Fr(fullYear)}`);
  }

  // exact amount in cents = numerator / denominator
  const numerator = fullYear * BigInt(prorata.numerator);
  const denominator = 100n * BigInt(prorata.denominator);
  const beforeLimits = roundHalfUp(numerator, denominator);
  const exactInCents = numerator % denominator === 0n;
  const note = 'rule' in prorata ? ` (${describeProrata(prorata)})` : '';
  steps.push(
    `× ${formatFraction(prorata)}${note} = ${centsFr(beforeLimits)}${exactInCents ? '' : ' (arrondi au centime)'}`,
  );

  let amount = beforeLimits;
  let limitedBy: Contribution['limitedBy'] = null;
  if (prorata.numerator === 0) {
    if (floorCents !== null) steps.push('Plancher sans objet : la convention ne couvre pas cette période');
  } else if (floorCents !== null && numerator < BigInt(floorCents) * denominator) {
    amount = BigInt(floorCents);
    limitedBy = 'floor';
    steps.push(`Plancher appliqué : ${centsFr(amount)}`);
  } else if (capCents !== null && numerator > BigInt(capCents) * denominator) {
    amount = BigInt(capCents);
    limitedBy = 'cap';
    steps.push(`Plafond appliqué : ${centsFr(amount)}`);
  }
  steps.push(`Montant dû : ${centsFr(amount)}`);

  return {
    amountCents: safe(amount, 'amountCents'),
    beforeLimitsCents: safe(beforeLimits, 'beforeLimitsCents'),
    limitedBy,
    fullYearE4: safe(fullYear, 'fullYearE4'),
    steps,
  };
}

interface BandSlice {
  readonly inhabitants: number;
  readonly firstInhabitant: number;
  readonly lastInhabitant: number;
  readonly rateE4: number;
}

/** The population split across the bands (one slice at `rateE4` when there are none). */
function bandSlices(population: number, rateE4: number, bands: readonly Band[] | undefined): BandSlice[] {
  if (!bands || bands.length === 0) {
    return [{ inhabitants: population, firstInhabitant: 1, lastInhabitant: population, rateE4 }];
  }
  if (bands[0]?.rateE4 !== rateE4) {
    throw new RangeError(
      `With bands, rateE4 (${rateE4}) must be the first band's rate (${bands[0]?.rateE4}).`,
    );
  }
  const slices: BandSlice[] = [];
  let below = 0;
  bands.forEach((band, index) => {
    assertCount(band.rateE4, `bands[${index}].rateE4`);
    const isLast = index === bands.length - 1;
    if (isLast !== (band.upTo === null)) {
      throw new RangeError(
        'The last band, and only it, must have upTo: null (it takes every other inhabitant).',
      );
    }
    if (band.upTo !== null && (!Number.isSafeInteger(band.upTo) || band.upTo <= below)) {
      throw new RangeError(`bands[${index}].upTo must be an integer above the previous band's (${below}).`);
    }
    const top = band.upTo === null ? population : Math.min(band.upTo, population);
    const inhabitants = Math.max(0, top - below);
    slices.push({
      inhabitants,
      firstInhabitant: below + 1,
      lastInhabitant: below + inhabitants,
      rateE4: band.rateE4,
    });
    below = band.upTo ?? below;
  });
  return slices;
}

/** numerator / denominator rounded to the nearest integer, halves up (both non-negative, denominator > 0). */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer (got ${value}).`);
  }
}

function safe(value: bigint, what: string): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${what} does not fit in a safe integer.`);
  return result;
}

const inhabitantsFr = (count: number) => `${formatInteger(count)} ${count < 2 ? 'habitant' : 'habitants'}`;
const rateFr = (e4: number) => formatEurosFr(formatRate(e4));
/** Exact ten-thousandths of a euro: "13 646,70 €", or "14 215,3125 €" when the rate has 4 decimals. */
const e4Fr = (e4: bigint) => formatEurosFr(formatRate(safe(e4, 'amount')));
const centsFr = (cents: bigint) => formatEurosFr(formatEuros(safe(cents, 'amount')));
