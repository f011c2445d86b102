import { contribution } from './amount.ts';
import type { ContributionLine } from './lines.ts';
import { prorata } from './prorata.ts';

/** The rates a sensitivity table tries, in ten-thousandths of a euro per inhabitant: 0,20 € to 0,40 €. */
export const sensitivityRatesE4 = [2000, 2500, 3000, 3500, 4000] as const;

/**
 * What `line`'s EPCI would owe for `year` at `rateE4` if its convention started on the 1st of `month`
 * (1–12), with no end date, keeping its prorata rule, floor and cap; with degressive bands the rate tried
 * is the first band's and the others keep theirs. The one rule behind the Scénarios screen's table and
 * the workbook's « Sensibilité » sheet (whose formulas recompute it).
 */
export function sensitivityAmountCents(
  line: ContributionLine,
  year: number,
  rateE4: number,
  month: number,
): number {
  const start = `${year}-${String(month).padStart(2, '0')}-01`;
  return contribution({
    population: line.population ?? 0,
    rateE4,
    bands: line.bands?.map((band, index) => ({
      upTo: band.upTo,
      rateE4: index === 0 ? rateE4 : band.rateE4,
    })),
    prorata: prorata(line.prorataRule, { start, end: null }, year),
    floorCents: line.floorCents,
    capCents: line.capCents,
  }).amountCents;
}
