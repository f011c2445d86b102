import { describe, expect, it } from 'vitest';
import {
  addFractions,
  compareFractions,
  contribution,
  type Fraction,
  prorata,
} from '../../../shared/domain/contributions/index.ts';
import { dateOfYear, daysBetween, xorshift } from './random.ts';

const cases = 2000;
const rules = ['days', 'months', 'none'] as const;
const one: Fraction = { numerator: 1, denominator: 1 };
const zero: Fraction = { numerator: 0, denominator: 1 };
/** Leap or not according to Date.UTC, independently of the engine's own rule. */
const utcLeap = (year: number) => new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;

function randomPeriod(random: ReturnType<typeof xorshift>) {
  const startYear = random.int(2015, 2040);
  const start = dateOfYear(startYear, random.int(0, 364));
  if (random.int(0, 3) === 0) return { start, end: null };
  const endYear = random.int(startYear, startYear + random.pick([0, 0, 1, 3]));
  let end = dateOfYear(endYear, random.int(0, 364));
  if (end < start) end = start;
  return { start, end };
}

function randomProrata(random: ReturnType<typeof xorshift>): Fraction {
  const denominator = random.pick([1, 12, 365, 366]);
  return { numerator: random.int(1, denominator), denominator };
}

describe('properties of the prorata', () => {
  it('is always between 0 and 1, and the days rule counts what Date.UTC counts', () => {
    const random = xorshift(0x5eed_0001);
    for (let i = 0; i < cases; i += 1) {
      const period = randomPeriod(random);
      const year = random.int(2014, 2042);
      for (const rule of rules) {
        const p = prorata(rule, period, year);
        expect(compareFractions(p, zero)).toBeGreaterThanOrEqual(0);
        expect(compareFractions(p, one)).toBeLessThanOrEqual(0);
      }
      const days = prorata('days', period, year);
      const from = period.start > `${year}-01-01` ? period.start : `${year}-01-01`;
      const to = period.end !== null && period.end < `${year}-12-31` ? period.end : `${year}-12-31`;
      expect(days.numerator).toBe(from <= to ? daysBetween(from, to) : 0);
    }
  });

  it('gives a whole year = 12 whole months = no prorata = 1, and the same amount under every rule', () => {
    const random = xorshift(0x5eed_0002);
    for (let i = 0; i < cases; i += 1) {
      const year = random.int(2015, 2040);
      const start = dateOfYear(year - random.int(0, 3), random.int(0, 364));
      const period = {
        start: start > `${year}-01-01` ? `${year}-01-01` : start,
        end: random.pick([null, `${year}-12-31`, `${year + 2}-06-30`]),
      };
      const shares = rules.map((rule) => prorata(rule, period, year));
      for (const share of shares) expect(compareFractions(share, one)).toBe(0);
      const [population, rateE4] = [random.int(0, 600_000), random.int(0, 20_000)];
      const amounts = shares.map(
        (share) =>
          contribution({ population, rateE4, prorata: share, floorCents: null, capCents: null }).amountCents,
      );
      expect(new Set(amounts).size).toBe(1);
    }
  });

  it('adds up to exactly the whole year when a year is split at any day between two conventions', () => {
    const random = xorshift(0x5eed_0003);
    for (let i = 0; i < cases; i += 1) {
      const year = random.int(2015, 2040);
      const length = utcLeap(year) ? 366 : 365;
      const splitIndex = random.int(1, length - 1);
      const first = {
        start: dateOfYear(year - random.int(0, 2), random.int(0, 364)),
        end: dateOfYear(year, splitIndex - 1),
      };
      if (first.start > `${year}-01-01`) first.start = `${year}-01-01`;
      const second = {
        start: dateOfYear(year, splitIndex),
        end: random.pick([null, `${year}-12-31`, `${year + 1}-03-31`]),
      };
      for (const rule of ['days', 'months'] as const) {
        const sum = addFractions(prorata(rule, first, year), prorata(rule, second, year));
        expect(compareFractions(sum, one)).toBe(0);
      }
      const days = prorata('days', first, year);
      expect(days.numerator).toBe(splitIndex);
      expect(days.numerator + prorata('days', second, year).numerator).toBe(length);
    }
  });

  it('divides by 366 exactly in leap years, 29 February included', () => {
    const random = xorshift(0x5eed_0004);
    for (let i = 0; i < cases; i += 1) {
      const year = random.int(1600, 2400);
      const leap = utcLeap(year);
      const whole = prorata('days', { start: `${year}-01-01`, end: `${year}-12-31` }, year);
      expect(whole).toMatchObject({ numerator: leap ? 366 : 365, denominator: leap ? 366 : 365 });
      const untilMarch = prorata('days', { start: `${year}-01-01`, end: `${year}-03-01` }, year);
      expect(untilMarch.numerator).toBe(leap ? 61 : 60);
    }
  });
});

describe('properties of the amount', () => {
  it('is a whole number of cents, the exact amount rounded to the nearest cent, halves up', () => {
    const random = xorshift(0x5eed_0005);
    for (let i = 0; i < cases; i += 1) {
      const [population, rateE4, share] = [
        random.int(0, 600_000),
        random.int(0, 20_000),
        randomProrata(random),
      ];
      const result = contribution({ population, rateE4, prorata: share, floorCents: null, capCents: null });
      expect(Number.isSafeInteger(result.amountCents)).toBe(true);
      expect(Number.isSafeInteger(result.beforeLimitsCents)).toBe(true);
      // exact cents = population × rateE4 × n / (100 d); c is its half-up rounding iff
      // (2c − 1) × 100d ≤ 2 × population × rateE4 × n < (2c + 1) × 100d.
      const twiceExact = 2n * BigInt(population) * BigInt(rateE4) * BigInt(share.numerator);
      const unit = 100n * BigInt(share.denominator);
      const c = BigInt(result.amountCents);
      expect((2n * c - 1n) * unit <= twiceExact && twiceExact < (2n * c + 1n) * unit).toBe(true);
    }
  });

  it('stays between the floor and the cap whenever both are set, floor ≤ cap and the year is covered', () => {
    const random = xorshift(0x5eed_0006);
    for (let i = 0; i < cases; i += 1) {
      const [population, rateE4, share] = [
        random.int(0, 600_000),
        random.int(0, 20_000),
        randomProrata(random),
      ];
      const scale = Math.max(1, Math.round((population * rateE4) / 50));
      const [a, b] = [random.int(0, scale), random.int(0, scale)];
      const [floorCents, capCents] = [Math.min(a, b), Math.max(a, b)];
      const result = contribution({ population, rateE4, prorata: share, floorCents, capCents });
      expect(result.amountCents).toBeGreaterThanOrEqual(floorCents);
      expect(result.amountCents).toBeLessThanOrEqual(capCents);
      if (result.limitedBy === 'floor') expect(result.amountCents).toBe(floorCents);
      if (result.limitedBy === 'cap') expect(result.amountCents).toBe(capCents);
      if (result.limitedBy === null) expect(result.amountCents).toBe(result.beforeLimitsCents);
    }
  });

  it('never decreases when the rate or the population grows, limits and bands included', () => {
    const random = xorshift(0x5eed_0007);
    for (let i = 0; i < cases; i += 1) {
      const share = randomProrata(random);
      const floorCents = random.pick([null, random.int(0, 500_000)]);
      const capCents = random.pick([null, (floorCents ?? 0) + random.int(0, 5_000_000)]);
      const limits = { prorata: share, floorCents, capCents };
      const [population, morePeople] = [random.int(0, 300_000), random.int(0, 300_000)];
      const [rate, moreRate] = [random.int(0, 20_000), random.int(0, 20_000)];
      const amount = (p: number, r: number) =>
        contribution({ population: p, rateE4: r, ...limits }).amountCents;
      expect(amount(population, rate + moreRate)).toBeGreaterThanOrEqual(amount(population, rate));
      expect(amount(population + morePeople, rate)).toBeGreaterThanOrEqual(amount(population, rate));

      const upTo = random.int(1, 50_000);
      const bands = [
        { upTo, rateE4: rate },
        { upTo: null, rateE4: random.int(0, rate) },
      ];
      const banded = (p: number) =>
        contribution({ population: p, rateE4: rate, bands, ...limits }).amountCents;
      expect(banded(population + morePeople)).toBeGreaterThanOrEqual(banded(population));
    }
  });
});
