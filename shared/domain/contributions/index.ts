/** The contribution engine (DESIGN.md §6): pure, exact (integer cents, rates in ten-thousandths, fractions). */
export { type Band, type Contribution, type ContributionInput, contribution } from './amount.ts';
export {
  bandIssues,
  bandListSchema,
  bandsFromStored,
  describeBandsFr,
  maxBands,
  readStoredBands,
  type ScenarioBand,
  type StoredBand,
  scenarioBandSchema,
  storeBands,
} from './bands.ts';
export { daysInYear, isLeapYear } from './calendar.ts';
export {
  addFractions,
  compareFractions,
  type Fraction,
  formatFraction,
  fractionToDecimalString,
} from './fraction.ts';
export {
  type ContributionLine,
  type ContributionsResult,
  contributionLineSchema,
  contributionsResultSchema,
  type Scenario,
  scenarioConventionSchema,
  scenarioSchema,
} from './lines.ts';
export {
  type ConventionPeriod,
  describeProrata,
  type ProrataRule,
  prorata,
  type YearProrata,
} from './prorata.ts';
export { sensitivityAmountCents, sensitivityRatesE4 } from './sensitivity.ts';
export { type YearTotals, type YearTotalsInput, yearTotals } from './year.ts';
