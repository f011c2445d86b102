import { z } from 'zod';
import { conventionSchema } from './convention.ts';
import { isoDateSchema } from './dates.ts';
import {
  departementSchema,
  epciTypeSchema,
  legalPopulationSchema,
  memberCommuneSchema,
  millesimeSchema,
  sirenSchema,
} from './epci.ts';
import { librarySchema } from './library.ts';
import { onboardingStatusSchema } from './onboarding.ts';
import { plainLine } from './plain-text.ts';

/** One status move on an EPCI's timeline: dated, signed, with its note. */
export const statusMoveSchema = z.object({
  id: z.string(),
  status: onboardingStatusSchema,
  from: onboardingStatusSchema.nullable(),
  at: z.string(),
  by: z.string(),
  note: z.string(),
});

export const epciNoteSchema = z.object({ id: z.string(), at: z.string(), by: z.string(), text: z.string() });

export const contactFieldsSchema = z.object({
  name: plainLine(120, { trim: true }).min(1, 'Le nom du contact est obligatoire.'),
  role: plainLine(120, { trim: true }).default(''),
  email: z.union([z.literal(''), z.email('Adresse e-mail invalide.')]).default(''),
  phone: plainLine(30, { trim: true }).default(''),
});
export const contactSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  email: z.string(),
  phone: z.string(),
});

export const followUpSchema = z.object({
  nextAction: z.string(),
  nextActionDue: z.string().nullable(),
});
export const followUpInputSchema = z.object({
  nextAction: plainLine(300, { trim: true }),
  nextActionDue: isoDateSchema.nullable(),
});

export const epciDetailSchema = z.object({
  siren: sirenSchema,
  name: z.string(),
  type: epciTypeSchema,
  status: onboardingStatusSchema,
  allowedMoves: z.array(onboardingStatusSchema),
  departement: departementSchema,
  millesime: millesimeSchema,
  inForceYear: z.number().int(),
  source: z.string(),
  population: legalPopulationSchema,
  followUp: followUpSchema,
  history: z.array(statusMoveSchema),
  notes: z.array(epciNoteSchema),
  contacts: z.array(contactSchema),
  conventions: z.array(conventionSchema),
  libraries: z.array(librarySchema),
  communes: z.array(memberCommuneSchema),
});
export type EpciDetail = z.infer<typeof epciDetailSchema>;

/** The roll-out at a glance, for the Collectivités header. */
export const rolloutSummarySchema = z.object({
  millesime: millesimeSchema,
  epci: z.number().int(),
  active: z.number().int(),
  negotiating: z.number().int(),
  byStatus: z.record(onboardingStatusSchema, z.number().int()),
  /** Population municipale of the département's communes whose EPCI is active. */
  coveredPopulation: z.number().int(),
  departementPopulation: z.number().int(),
  librariesParticipating: z.number().int(),
  libraries: z.number().int(),
});
export type RolloutSummary = z.infer<typeof rolloutSummarySchema>;
