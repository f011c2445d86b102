import { z } from 'zod';
import { onboardingStatusSchema } from './onboarding.ts';

export const sirenSchema = z.string().regex(/^\d{9}$/, {
  error: (issue) => (issue.input === '' ? 'SIREN manquant (9 chiffres).' : 'Un SIREN compte 9 chiffres.'),
});
export const inseeCodeSchema = z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'Un code INSEE compte 5 caractères.');
export const departementSchema = z.string().regex(/^(\d{2}|2[AB]|97\d)$/, 'Code de département invalide.');

export const epciTypes = ['CC', 'CA', 'CU', 'METRO', 'MET69'] as const;
export const epciTypeSchema = z.enum(epciTypes);
export type EpciType = z.infer<typeof epciTypeSchema>;

export const epciTypeLabels: Record<EpciType, string> = {
  CC: 'Communauté de communes',
  CA: "Communauté d'agglomération",
  CU: 'Communauté urbaine',
  METRO: 'Métropole',
  MET69: 'Métropole de Lyon',
};

export const populationBases = ['municipale', 'totale', 'dgf'] as const;
export type PopulationBasis = (typeof populationBases)[number];

/** The two legal counts that ship with the reference data; DGF comes from a separate import. */
export const legalPopulationSchema = z.object({
  municipale: z.number().int().nonnegative(),
  totale: z.number().int().nonnegative(),
});
export type LegalPopulation = z.infer<typeof legalPopulationSchema>;

/** INSEE vintage of legal populations (e.g. 2023), in force on 1 January of `millesime + 3`. */
export const millesimeSchema = z.number().int().min(2006).max(2100);

/**
 * The to-do of an EPCI as the list shows it: what to do next and by when (`YYYY-MM-DD`, or none); `overdue`
 * when that day is before today by the service's clock.
 */
export const nextActionSummarySchema = z.object({
  nextAction: z.string(),
  nextActionDue: z.string().nullable(),
  overdue: z.boolean(),
});
export type NextActionSummary = z.infer<typeof nextActionSummarySchema>;

/** An EPCI is « à faire » when staff wrote a next action or gave a due date. */
export function hasNextAction(followUp: NextActionSummary): boolean {
  return followUp.nextAction.trim() !== '' || followUp.nextActionDue !== null;
}

export const epciSummarySchema = z.object({
  siren: sirenSchema,
  name: z.string(),
  type: epciTypeSchema,
  communes: z.number().int().nonnegative(),
  millesime: millesimeSchema,
  population: legalPopulationSchema,
  status: onboardingStatusSchema,
  libraries: z.number().int().nonnegative(),
  followUp: nextActionSummarySchema,
});
export type EpciSummary = z.infer<typeof epciSummarySchema>;

export const memberCommuneSchema = z.object({
  insee: inseeCodeSchema,
  name: z.string(),
  departement: departementSchema,
  inDepartement: z.boolean(),
  population: legalPopulationSchema,
});
export type MemberCommune = z.infer<typeof memberCommuneSchema>;

/** Legal populations of vintage N come into force on 1 January N+3 (INSEE rule since 2009). */
export function inForceYear(millesime: number): number {
  return millesime + 3;
}
