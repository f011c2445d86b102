import { z } from 'zod';
import {
  conventionFields,
  perimeterSchema,
  populationBasisSchema,
  prorataSchema,
  withTermChecks,
} from '../convention.ts';
import { millesimeSchema, sirenSchema } from '../epci.ts';
import { bandListSchema, checkBands } from './bands.ts';

/**
 * A what-if convention: for the computation it replaces the EPCI's conventions in force. Its degressive
 * bands follow the same rules as a stored convention's (bands.ts).
 */
export const scenarioConventionSchema = withTermChecks(
  z
    .object({
      epci: sirenSchema,
      ...conventionFields,
      bands: bandListSchema.optional(),
    })
    .strict(),
).superRefine(checkBands);

/** The JSON file staff exchange: `{ "name", "year", "conventions": [...] }`. */
export const scenarioSchema = z
  .object({
    name: z.string().trim().min(1, 'Le scénario n’a pas de nom.').max(120),
    year: z.number().int().min(2000).max(2100),
    conventions: z.array(scenarioConventionSchema).max(100),
  })
  .strict();
export type Scenario = z.output<typeof scenarioSchema>;

export const lineCommuneSchema = z.object({
  insee: z.string(),
  name: z.string(),
  departement: z.string(),
  population: z.number().int().nullable(),
  inPerimeter: z.boolean(),
});

/** One convention's contribution for the year, with everything a workbook or a statement shows. */
export const contributionLineSchema = z.object({
  epci: sirenSchema,
  name: z.string(),
  source: z.enum(['convention', 'scenario']),
  conventionId: z.string().nullable(),
  reference: z.string(),
  start: z.string(),
  end: z.string().nullable(),
  population: z.number().int().nullable(),
  basis: populationBasisSchema,
  millesime: millesimeSchema,
  perimeter: perimeterSchema,
  rate: z.string(),
  rateE4: z.number().int(),
  /** Degressive bands (a stored convention's or a scenario's); `rate` is then the first band's. */
  bands: z
    .array(z.object({ upTo: z.number().int().nullable(), rate: z.string(), rateE4: z.number().int() }))
    .optional(),
  prorataRule: prorataSchema,
  prorata: z.string(),
  prorataFraction: z.object({ numerator: z.number().int(), denominator: z.number().int() }),
  prorataText: z.string(),
  floorCents: z.number().int().nullable(),
  capCents: z.number().int().nullable(),
  beforeLimitsCents: z.number().int(),
  amountCents: z.number().int(),
  limitedBy: z.enum(['floor', 'cap']).nullable(),
  steps: z.array(z.string()),
  communes: z.array(lineCommuneSchema),
});
export type ContributionLine = z.infer<typeof contributionLineSchema>;

export const contributionsResultSchema = z.object({
  year: z.number().int(),
  scenario: z.string().nullable(),
  lines: z.array(contributionLineSchema),
  totalCents: z.number().int(),
  /** EPCI whose population is missing for a convention's basis and millésime: no amount computed. */
  missing: z.array(
    z.object({
      epci: sirenSchema,
      name: z.string(),
      basis: populationBasisSchema,
      millesime: millesimeSchema,
    }),
  ),
});
export type ContributionsResult = z.infer<typeof contributionsResultSchema>;
