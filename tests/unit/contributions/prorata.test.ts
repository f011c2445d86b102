import { describe, expect, it } from 'vitest';
import {
  describeProrata,
  formatFraction,
  fractionToDecimalString,
  prorata,
} from '../../../shared/domain/contributions/index.ts';

const share = (p: { numerator: number; denominator: number }) => `${p.numerator}/${p.denominator}`;

describe('the days prorata', () => {
  it('counts 184 days out of 365 from 1 July 2027 with an open end', () => {
    // July 31 + August 31 + September 30 + October 31 + November 30 + December 31 = 184; 2027 is not leap.
    const p = prorata('days', { start: '2027-07-01', end: null }, 2027);
    expect(share(p)).toBe('184/365');
    expect(p.covered).toEqual({ from: '2027-07-01', to: '2027-12-31' });
    expect(describeProrata(p)).toBe('du 01/07/2027 au 31/12/2027, au jour près');
  });

  it('counts both the first and the last day of the convention', () => {
    expect(share(prorata('days', { start: '2027-03-10', end: '2027-03-10' }, 2027))).toBe('1/365');
    expect(share(prorata('days', { start: '2027-03-10', end: '2027-03-11' }, 2027))).toBe('2/365');
  });

  it('uses 366 days in the leap year 2028 and counts 29 February', () => {
    // 1 January → 29 February 2028: 31 + 29 = 60 days out of 366.
    expect(share(prorata('days', { start: '2028-01-01', end: '2028-02-29' }, 2028))).toBe('60/366');
    // 29 February alone is one day.
    expect(share(prorata('days', { start: '2028-02-29', end: '2028-02-29' }, 2028))).toBe('1/366');
    // From 1 July 2028 the second half is still 184 days, but out of 366.
    expect(share(prorata('days', { start: '2028-07-01', end: null }, 2028))).toBe('184/366');
    expect(share(prorata('days', { start: '2020-01-01', end: null }, 2028))).toBe('366/366');
  });

  it('counts a convention ending mid-year up to its last day only', () => {
    // Started in 2025, ends 15 April 2027: January 31 + February 28 + March 31 + 15 = 105 days of 2027.
    const p = prorata('days', { start: '2025-09-01', end: '2027-04-15' }, 2027);
    expect(share(p)).toBe('105/365');
    expect(describeProrata(p)).toBe('du 01/01/2027 au 15/04/2027, au jour près');
  });

  it('is 0 for a year the convention does not touch', () => {
    const before = prorata('days', { start: '2025-01-01', end: '2026-12-31' }, 2027);
    const after = prorata('days', { start: '2028-01-01', end: null }, 2027);
    for (const p of [before, after]) {
      expect(p.numerator).toBe(0);
      expect(p.covered).toBeNull();
      expect(describeProrata(p)).toBe('la convention ne couvre aucun jour de 2027');
    }
  });
});

describe('the months prorata', () => {
  it('counts 6 months out of 12 from 1 July', () => {
    const p = prorata('months', { start: '2027-07-01', end: null }, 2027);
    expect(share(p)).toBe('6/12');
    expect(describeProrata(p)).toBe('mois entiers de juillet à décembre 2027');
  });

  it('does not count July when the convention starts on 15 July: its 1st is not covered', () => {
    const p = prorata('months', { start: '2027-07-15', end: null }, 2027);
    expect(share(p)).toBe('5/12');
    expect(describeProrata(p)).toBe('mois entiers d’août à décembre 2027');
  });

  it('counts the month of the last day, whose 1st the convention covers', () => {
    // Ends 15 April: the 1sts of January, February, March and April are covered.
    expect(share(prorata('months', { start: '2025-09-01', end: '2027-04-15' }, 2027))).toBe('4/12');
    expect(share(prorata('months', { start: '2027-01-01', end: '2027-03-31' }, 2027))).toBe('3/12');
  });

  it('counts no month when the convention covers no 1st of the year', () => {
    const p = prorata('months', { start: '2027-07-02', end: '2027-07-31' }, 2027);
    expect(share(p)).toBe('0/12');
    expect(describeProrata(p)).toBe('aucun mois entier en 2027 : la convention n’en couvre aucun 1er');
  });

  it('names a single month with the right elision', () => {
    expect(describeProrata(prorata('months', { start: '2027-12-01', end: null }, 2027))).toBe(
      'mois entier de décembre 2027',
    );
    expect(describeProrata(prorata('months', { start: '2027-08-01', end: '2027-08-31' }, 2027))).toBe(
      'mois entier d’août 2027',
    );
  });
});

describe('no prorata', () => {
  it('is the whole year as soon as the convention covers one day of it, and 0 otherwise', () => {
    expect(share(prorata('none', { start: '2027-12-31', end: null }, 2027))).toBe('1/1');
    expect(share(prorata('none', { start: '2020-01-01', end: '2027-01-01' }, 2027))).toBe('1/1');
    expect(share(prorata('none', { start: '2028-01-01', end: null }, 2027))).toBe('0/1');
    expect(describeProrata(prorata('none', { start: '2027-12-31', end: null }, 2027))).toBe(
      'sans prorata, la convention couvre 2027',
    );
  });
});

describe('invalid periods', () => {
  it('refuses an end before the start, dates that do not exist and impossible years', () => {
    expect(() => prorata('days', { start: '2027-07-01', end: '2027-06-30' }, 2027)).toThrow(RangeError);
    expect(() => prorata('days', { start: '2027-02-29', end: null }, 2027)).toThrow(RangeError);
    expect(() => prorata('days', { start: '2027-7-1', end: null }, 2027)).toThrow(RangeError);
    expect(() => prorata('days', { start: '2027-07-01', end: null }, 2027.5)).toThrow(RangeError);
  });
});

describe('showing a fraction', () => {
  it('writes the fraction as computed and a half-up decimal for files', () => {
    const p = { numerator: 184, denominator: 365 };
    expect(formatFraction(p)).toBe('184/365');
    expect(formatFraction({ numerator: 1, denominator: 1 })).toBe('1');
    // 184/365 = 0.50410958…
    expect(fractionToDecimalString(p, 6)).toBe('0.504110');
    expect(fractionToDecimalString(p)).toBe('0.504110');
    expect(fractionToDecimalString({ numerator: 1, denominator: 8 }, 2)).toBe('0.13');
    expect(fractionToDecimalString({ numerator: 1, denominator: 2 }, 0)).toBe('1');
    expect(fractionToDecimalString({ numerator: 0, denominator: 365 }, 4)).toBe('0.0000');
    expect(fractionToDecimalString({ numerator: 366, denominator: 366 }, 3)).toBe('1.000');
    expect(fractionToDecimalString({ numerator: 5, denominator: 12 }, 6)).toBe('0.416667');
  });
});
