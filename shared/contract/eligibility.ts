import { z } from 'zod';
import { isoDateSchema } from '../domain/dates.ts';
import { eligibilitySchema, ineligibleReasons } from '../domain/eligibility.ts';
import { sirenSchema } from '../domain/epci.ts';
import { id } from './fields.ts';

/** The rules a PC applied: the policy it last pulled from the central service, else the default one. */
const rulesSchema = z.object({
  graceDays: z.number().int(),
  openedEpcis: z.array(z.string()),
  /** false: this PC never received the Département's rules and applies the default ones. */
  fromCentral: z.boolean(),
});

const reasonSchema = z.enum(ineligibleReasons);

/**
 * Registered patrons (« inscrits »: still in their library's file) and how many of them may enter. A patron
 * may lack access for several reasons at once, so the reasons may add up to more than `ineligible`.
 * `unregistered`: patrons kept in the registry though their library took them out of its file (never eligible).
 */
const tallySchema = z.object({
  registered: z.number().int(),
  eligible: z.number().int(),
  ineligible: z.number().int(),
  reasons: z.record(reasonSchema, z.number().int()),
  unregistered: z.number().int(),
});
export type EligibilityTally = z.infer<typeof tallySchema>;

const onInput = isoDateSchema.optional();

export const patronAccessSchema = eligibilitySchema.extend({ on: z.string(), rules: rulesSchema });
export type PatronAccess = z.infer<typeof patronAccessSchema>;

export const eligibilityCountsSchema = z.object({
  on: z.string(),
  millesime: z.number().int(),
  rules: rulesSchema,
  libraries: z.array(
    tallySchema.extend({
      libraryId: z.string(),
      code: z.string(),
      name: z.string(),
      epci: z.string().nullable(),
      epciName: z.string().nullable(),
      /** What closes access to the whole library that day, said in French (empty: nothing does). */
      closedBecause: z.array(z.string()),
    }),
  ),
  epcis: z.array(tallySchema.extend({ siren: z.string(), name: z.string(), libraries: z.number().int() })),
  total: tallySchema,
});
export type EligibilityCounts = z.infer<typeof eligibilityCountsSchema>;

export const eligibilityListedSchema = z.object({
  id: z.string(),
  cardNumber: z.string(),
  lastName: z.string(),
  firstName: z.string().nullable(),
  libraryId: z.string(),
  libraryCode: z.string(),
  libraryName: z.string(),
  epci: z.string().nullable(),
  registered: z.boolean(),
  expiresOn: z.string().nullable(),
  eligible: z.boolean(),
  reasons: z.array(reasonSchema),
  until: z.string().nullable(),
  sentence: z.string(),
});

/**
 * Who may enter the médiathèque numérique (shared/domain/eligibility.ts): a patron's access, the counts
 * per library and EPCI, the list. Local: computed on this PC from its mirror and the cached access policy.
 * `on` is the day asked about, today when absent.
 */
export const eligibilityMethods = {
  /** One patron's access, with the rules applied: the patron's card. */
  'patron.access': {
    input: z.object({ patronId: id, on: onInput }).strict(),
    output: patronAccessSchema,
  },
  /** Registered patrons with and without access, per library, per EPCI and in all. */
  'eligibility.counts': {
    input: z.object({ on: onInput }).strict(),
    output: eligibilityCountsSchema,
  },
  /** Patrons with their access, in name order, a page at a time (the CLI's `mednum eligibility`). */
  'eligibility.list': {
    input: z
      .object({
        on: onInput,
        /** The library's id or its short code. */
        libraryId: id.optional(),
        epci: sirenSchema.optional(),
        eligible: z.boolean().optional(),
        reason: reasonSchema.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({
      on: z.string(),
      rules: rulesSchema,
      total: z.number().int(),
      patrons: z.array(eligibilityListedSchema),
    }),
  },
} as const;
