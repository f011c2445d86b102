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
  /**
   * Active patrons of the year (at least one sign-in at a resource platform), summed over the EPCI's
   * libraries: a patron counts at the library they belong to. 0 when nothing was pulled (see
   * `activityFetchedAt`).
   */
  activePatrons: z.number().int(),
  /** Active patrons per 1,000 inhabitants, one decimal (exact decimal string); null: no population. */
  activePer1000: z.string().nullable(),
  /** Active patrons / registered patrons (`patrons`), in percent, one decimal; null: none registered. */
  activeShare: z.string().nullable(),
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
  /** Registered patrons (cards still in their library's file) over the whole département. */
  patrons: z.number().int(),
  /**
   * Distinct active patrons over the département, as the central service counted them (not the sum of the
   * EPCIs: it also counts patrons of libraries outside any EPCI); null: this year's figures never pulled.
   */
  activePatrons: z.number().int().nullable(),
  /** Active patrons per 1,000 inhabitants of the covered population; null: not pulled, or none covered. */
  activePer1000: z.string().nullable(),
  /** Active / registered patrons over the département, in percent; null: not pulled, or none registered. */
  activeShare: z.string().nullable(),
  /** When this year's active patrons were pulled from the central service; null: never (« pas encore »). */
  activityFetchedAt: z.string().nullable(),
});
export type Indicators = z.infer<typeof indicatorsSchema>;
