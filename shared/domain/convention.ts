import { z } from 'zod';
import { bandListSchema, checkBands } from './contributions/bands.ts';
import { isoDateSchema } from './dates.ts';
import { millesimeSchema, populationBases, sirenSchema } from './epci.ts';
import { eurosSchema, rateSchema } from './money.ts';
import { plainLine } from './plain-text.ts';

export const populationBasisSchema = z.enum(populationBases, {
  error: () => 'Base de population inconnue (municipale, totale ou dgf).',
});
export const populationBasisLabels = { municipale: 'municipale', totale: 'totale', dgf: 'DGF' } as const;

export const perimeters = ['epci', 'departement'] as const;
export const perimeterSchema = z.enum(perimeters, {
  error: () => 'Périmètre inconnu (epci ou departement).',
});
export type Perimeter = z.infer<typeof perimeterSchema>;
export const perimeterLabels: Record<Perimeter, string> = {
  epci: 'toutes les communes de l’EPCI',
  departement: 'communes du département seulement',
};

export const proratas = ['days', 'months', 'none'] as const;
export const prorataSchema = z.enum(proratas, { error: () => 'Prorata inconnu (days, months ou none).' });
export type Prorata = z.infer<typeof prorataSchema>;
export const prorataLabels: Record<Prorata, string> = {
  days: 'au jour près',
  months: 'au mois',
  none: 'année pleine',
};

/** The terms a convention and a scenario's what-if share. */
export const conventionFields = {
  start: isoDateSchema,
  end: isoDateSchema.nullable().default(null),
  rate: rateSchema,
  basis: populationBasisSchema,
  millesime: millesimeSchema,
  perimeter: perimeterSchema,
  prorata: prorataSchema,
  floor: eurosSchema.nullable().default(null),
  cap: eurosSchema.nullable().default(null),
};

type Terms = { start: string; end: string | null; floor: string | null; cap: string | null };

/** The checks across fields, the same wherever terms are entered. */
export function withTermChecks<S extends z.ZodType<Terms>>(schema: S) {
  return schema
    .refine((c) => c.end === null || c.end >= c.start, {
      message: 'La date de fin précède la date de début.',
      path: ['end'],
    })
    .refine((c) => c.floor === null || c.cap === null || Number(c.floor) <= Number(c.cap), {
      message: 'Le plancher dépasse le plafond.',
      path: ['floor'],
    });
}

/**
 * A stored convention's terms. `bands`: degressive bands under the same rules as a scenario's (first band
 * at the convention's rate, thresholds increasing, the last one open); null or absent, one rate.
 */
export const conventionTermsSchema = withTermChecks(
  z
    .object({
      reference: plainLine(100, { trim: true }).default(''),
      signedOn: isoDateSchema.nullable().default(null),
      ...conventionFields,
      bands: bandListSchema.nullable().default(null),
    })
    .strict(),
).superRefine(checkBands);
export type ConventionTerms = z.output<typeof conventionTermsSchema>;

export const conventionSchema = z.object({
  id: z.string(),
  epci: sirenSchema,
  reference: z.string(),
  signedOn: z.string().nullable(),
  start: z.string(),
  end: z.string().nullable(),
  rate: z.string(),
  basis: populationBasisSchema,
  millesime: millesimeSchema,
  perimeter: perimeterSchema,
  prorata: prorataSchema,
  floor: z.string().nullable(),
  cap: z.string().nullable(),
  /** Degressive bands (`rate` is the first one's), or null: one rate for every inhabitant. */
  bands: z.array(z.object({ upTo: z.number().int().nullable(), rate: z.string() })).nullable(),
  /** The population the convention froze: its basis and millésime, within its perimeter. */
  population: z.object({
    value: z.number().int().nullable(),
    communes: z.number().int(),
    missing: z.number().int(),
  }),
  document: z
    .object({ fileName: z.string(), sha256: z.string(), size: z.number().int(), intact: z.boolean() })
    .nullable(),
});
export type Convention = z.infer<typeof conventionSchema>;

/** Closed intervals, an open end running forever: two conventions of one EPCI may not share a day. */
export function periodsOverlap(
  a: { start: string; end: string | null },
  b: { start: string; end: string | null },
) {
  return a.start <= (b.end ?? '9999-12-31') && b.start <= (a.end ?? '9999-12-31');
}
