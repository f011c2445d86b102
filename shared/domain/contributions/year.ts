export interface YearTotalsInput {
  /** What the service costs for the year, in cents. */
  readonly costCents: number;
  /** Each EPCI's contribution for the year, in cents (`contribution().amountCents`). */
  readonly contributions: readonly number[];
}

export interface YearTotals {
  readonly totalContributionsCents: number;
  /** cost − contributions; negative when the contributions exceed the cost. */
  readonly departementShareCents: number;
  /** True when the contributions exceed the cost (the Département's share is then negative). */
  readonly contributionsExceedCost: boolean;
}

/** The year's totals: the Département pays what the EPCI contributions do not cover. Exact, in cents. */
export function yearTotals(input: YearTotalsInput): YearTotals {
  const { costCents, contributions } = input;
  if (!Number.isSafeInteger(costCents) || costCents < 0) {
    throw new RangeError(`costCents must be a non-negative integer (got ${costCents}).`);
  }
  let total = 0n;
  contributions.forEach((cents, index) => {
    if (!Number.isSafeInteger(cents) || cents < 0) {
      throw new RangeError(`contributions[${index}] must be a non-negative integer of cents (got ${cents}).`);
    }
    total += BigInt(cents);
  });
  const totalContributionsCents = Number(total);
  if (!Number.isSafeInteger(totalContributionsCents)) {
    throw new RangeError('The total of the contributions does not fit in a safe integer.');
  }
  const departementShareCents = costCents - totalContributionsCents;
  return {
    totalContributionsCents,
    departementShareCents,
    contributionsExceedCost: departementShareCents < 0,
  };
}
