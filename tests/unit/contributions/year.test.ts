import { describe, expect, it } from 'vitest';
import { yearTotals } from '../../../shared/domain/contributions/index.ts';

describe('the year’s totals', () => {
  it('leaves the Département the cost minus the contributions', () => {
    // 100 000,00 € − (6 879,43 + 5 686,13) = 100 000,00 − 12 565,56 = 87 434,44 €.
    expect(yearTotals({ costCents: 10_000_000, contributions: [687_943, 568_613] })).toEqual({
      totalContributionsCents: 1_256_556,
      departementShareCents: 8_743_444,
      contributionsExceedCost: false,
    });
  });

  it('leaves the Département the whole cost when no EPCI contributes', () => {
    expect(yearTotals({ costCents: 123_456, contributions: [] })).toEqual({
      totalContributionsCents: 0,
      departementShareCents: 123_456,
      contributionsExceedCost: false,
    });
  });

  it('says so when the contributions exceed the cost, with a negative share', () => {
    expect(yearTotals({ costCents: 100_000, contributions: [60_000, 50_000] })).toEqual({
      totalContributionsCents: 110_000,
      departementShareCents: -10_000,
      contributionsExceedCost: true,
    });
  });

  it('refuses amounts that are not whole, non-negative cents', () => {
    expect(() => yearTotals({ costCents: 10.5, contributions: [] })).toThrow(RangeError);
    expect(() => yearTotals({ costCents: 100, contributions: [-1] })).toThrow(RangeError);
    expect(() => yearTotals({ costCents: 100, contributions: [0.1] })).toThrow(RangeError);
  });
});
