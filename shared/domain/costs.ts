import { z } from 'zod';
import { sirenSchema } from './epci.ts';
import { eurosSchema } from './money.ts';
import { plainLine } from './plain-text.ts';

export const pricings = ['flat', 'population_band', 'per_patron', 'per_credit'] as const;
export const pricingSchema = z.enum(pricings, {
  error: (issue) =>
    issue.input == null
      ? 'Choisissez la tarification.'
      : 'Mode de tarification inconnu (flat, population_band, per_patron ou per_credit).',
});
export const pricingLabels: Record<(typeof pricings)[number], string> = {
  flat: 'forfait',
  population_band: 'par tranche de population',
  per_patron: 'par lecteur inscrit',
  per_credit: 'par crédit de consultation',
};

const yearSchema = z.number().int().min(2000).max(2100);

export const costLineInputSchema = z
  .object({
    year: yearSchema,
    vendor: plainLine(120, { trim: true }).min(1, 'Le fournisseur est obligatoire.'),
    label: plainLine(200, { trim: true }).min(1, 'Le libellé est obligatoire.'),
    pricing: pricingSchema,
    amount: eurosSchema,
  })
  .strict();

export const costLineSchema = z.object({
  id: z.string(),
  year: yearSchema,
  vendor: z.string(),
  label: z.string(),
  pricing: pricingSchema,
  amount: z.string(),
  amountCents: z.number().int(),
});

/** Ratios are exact decimal strings ("12.5"), never binary floating point. */
export const epciIndicatorsSchema = z.object({
  epci: sirenSchema,
  name: z.string(),
  active: z.boolean(),
  population: z.number().int(),
  patrons: z.number().int(),
  persons: z.number().int(),
  patronsPer1000: z.string().nullable(),
  contributionCents: z.number().int(),
  contributionPerInhabitant: z.string().nullable(),
});

export const indicatorsSchema = z.object({
  year: yearSchema,
  millesime: z.number().int(),
  epci: z.array(epciIndicatorsSchema),
  departementPopulation: z.number().int(),
  coveredPopulation: z.number().int(),
  coveredShare: z.string().nullable(),
  persons: z.number().int(),
  costCents: z.number().int(),
  contributionsCents: z.number().int(),
  departementShareCents: z.number().int(),
  costPerInhabitantCovered: z.string().nullable(),
  costPerPerson: z.string().nullable(),
});
export type Indicators = z.infer<typeof indicatorsSchema>;
