import { z } from 'zod';
import {
  conventionFields,
  perimeterSchema,
  populationBasisSchema,
  prorataSchema,
  withTermChecks,
} from '../convention.ts';
import { millesimeSchema, sirenSchema } from '../epci.ts';
import { formatEurosFr, parseRate, rateSchema } from '../money.ts';

export const maxBands = 10;

/**
 * A degressive band as a scenario file writes it: `{ "upTo": 10000, "rate": "0.30" }`, the inhabitants up
 * to `upTo` (cumulative, from the first one) at `rate`; the last band has `"upTo": null` (everyone else).
 */
export const scenarioBandSchema = z
  .object({
    upTo: z
      .number({ error: () => 'Le seuil d’une tranche est un nombre d’habitants (exemple : 10000), ou null.' })
      .int('Le seuil d’une tranche est un nombre entier d’habitants.')
      .positive('Le seuil d’une tranche est d’au moins 1 habitant.')
      .max(100_000_000, 'Seuil de tranche trop grand.')
      .nullable(),
    rate: rateSchema,
  })
  .strict();
export type ScenarioBand = z.output<typeof scenarioBandSchema>;

/**
 * The checks a band list must pass for the engine (`Band` in amount.ts), in French, each with the path of
 * the field at fault: at least two bands, thresholds ascending, the last band and only it without one,
 * the first band's rate equal to the convention's rate.
 */
export function bandIssues(
  bands: readonly ScenarioBand[],
  rate: string,
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (bands.length < 2) {
    issues.push({ path: [], message: 'Une grille dégressive compte au moins deux tranches.' });
  }
  let previous: number | null = null;
  bands.forEach((band, index) => {
    const isLast = index === bands.length - 1;
    if (isLast && band.upTo !== null) {
      issues.push({
        path: [index, 'upTo'],
        message: 'La dernière tranche n’a pas de seuil (« au-delà ») : son upTo vaut null.',
      });
    } else if (!isLast && band.upTo === null) {
      issues.push({
        path: [index, 'upTo'],
        message:
          'Seule la dernière tranche est sans seuil : indiquez jusqu’à combien d’habitants va celle-ci.',
      });
    } else if (band.upTo !== null && previous !== null && band.upTo <= previous) {
      issues.push({
        path: [index, 'upTo'],
        message: `Les seuils doivent être croissants : ${band.upTo} habitants après ${previous}.`,
      });
    }
    if (band.upTo !== null) previous = Math.max(previous ?? 0, band.upTo);
  });
  const first = bands[0];
  if (first && parseRate(first.rate) !== parseRate(rate)) {
    issues.push({
      path: [0, 'rate'],
      message: `Le taux de la première tranche (${formatEurosFr(first.rate)}) doit être le taux de la convention (${formatEurosFr(rate)}).`,
    });
  }
  return issues;
}

/**
 * A what-if convention: for the computation it replaces the EPCI's conventions in force. Only a scenario
 * may have degressive bands (a negotiating hypothesis); stored conventions do not have them yet.
 */
export const scenarioConventionSchema = withTermChecks(
  z
    .object({
      epci: sirenSchema,
      ...conventionFields,
      bands: z
        .array(scenarioBandSchema)
        .max(maxBands, `Une grille dégressive compte au plus ${maxBands} tranches.`)
        .optional(),
    })
    .strict(),
).superRefine((convention, context) => {
  if (!convention.bands) return;
  for (const issue of bandIssues(convention.bands, convention.rate)) {
    context.addIssue({ code: 'custom', path: ['bands', ...issue.path], message: issue.message });
  }
});

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
  /** Degressive bands (scenarios only); `rate` is then the first band's. */
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
