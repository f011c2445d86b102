import { describe, expect, it } from 'vitest';
import { coverageOf, permilleFr } from '../../../renderer/screens/contributions/coverage.ts';
import type { ContributionsResult } from '../../../shared/domain/contributions/index.ts';

const situation = (lines: string[], missing: string[] = []): ContributionsResult =>
  ({
    year: 2027,
    scenario: null,
    lines: lines.map((epci) => ({ epci })),
    totalCents: 0,
    missing: missing.map((epci) => ({ epci })),
  }) as unknown as ContributionsResult;

const epci = [
  { epci: '200067361', population: 36_924 },
  { epci: '200035327', population: 9_000 },
  { epci: '200039519', population: 12_024 },
];

describe('coverage per situation', () => {
  it('counts each EPCI with a convention in force once, missing populations included', () => {
    const [current, scenario] = coverageOf(
      [situation(['200067361', '200067361']), situation(['200067361', '200039519'], ['200035327'])],
      epci,
      175_620,
    );
    expect(current).toEqual({ covered: 36_924, uncovered: 138_696, sharePermille: 210 });
    expect(scenario).toEqual({
      covered: 36_924 + 9_000 + 12_024,
      uncovered: 175_620 - 57_948,
      sharePermille: 330,
    });
  });

  it('ignores EPCI it has no population for, and an unknown département', () => {
    expect(coverageOf([situation(['999999999'])], epci, 0)).toEqual([
      { covered: 0, uncovered: 0, sharePermille: null },
    ]);
    expect(permilleFr(210)).toBe('21,0 %');
    expect(permilleFr(1000)).toBe('100,0 %');
    expect(permilleFr(5)).toBe('0,5 %');
  });
});
