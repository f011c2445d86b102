/** The keys of a line of `contributions --json`, in the order issue 5 states them. */
export const contributionsCliLineKeys = [
  'epci',
  'name',
  'population',
  'basis',
  'millesime',
  'perimeter',
  'rate',
  'prorata',
  'amountCents',
] as const;
