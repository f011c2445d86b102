import { z } from 'zod';
import { appInfoSchema } from '../domain/app-info.ts';
import {
  contactFieldsSchema,
  contactSchema,
  epciDetailSchema,
  followUpInputSchema,
  rolloutSummarySchema,
  statusMoveSchema,
} from '../domain/collectivity.ts';
import { conventionSchema, conventionTermsSchema } from '../domain/convention.ts';
import { epciSummarySchema, millesimeSchema, sirenSchema } from '../domain/epci.ts';
import {
  libraryCodeSchema,
  libraryFieldsSchema,
  libraryPatchSchema,
  librarySchema,
} from '../domain/library.ts';
import {
  fileContentSchema,
  millesimeImportInputSchema,
  millesimeImportResultSchema,
  vintageSchema,
} from '../domain/millesime.ts';
import { onboardingStatusSchema } from '../domain/onboarding.ts';
import { plainText } from '../domain/plain-text.ts';
import { settingsPatchSchema, settingsSchema } from '../domain/settings.ts';
import { by, fileName, id, none } from './fields.ts';

/** A stored convention with the name of its EPCI, as `convention list|show` give it. */
const conventionListedSchema = conventionSchema.extend({ epciName: z.string() });

/** The collectivities: the app itself and its settings, EPCI and their follow-up, communes, contacts,
 * conventions, member libraries and population millésimes. */
export const collectivityMethods = {
  'app.info': { input: none, output: appInfoSchema },
  /** This PC's settings: the staff name changes are signed with, the RGPD retention rule, report defaults. */
  'settings.get': { input: none, output: settingsSchema },
  'settings.update': { input: settingsPatchSchema, output: settingsSchema },

  'epci.list': {
    input: z.object({ millesime: millesimeSchema.optional() }).strict(),
    output: z.array(epciSummarySchema),
  },
  'epci.get': {
    input: z.object({ siren: sirenSchema, millesime: millesimeSchema.optional() }).strict(),
    output: epciDetailSchema,
  },
  'epci.setStatus': {
    input: z
      .object({
        siren: sirenSchema,
        status: onboardingStatusSchema,
        note: plainText(2000, { trim: true }).default(''),
        by,
      })
      .strict(),
    output: statusMoveSchema,
  },
  'epci.updateFollowUp': {
    input: followUpInputSchema.extend({ siren: sirenSchema, by }).strict(),
    output: z.object({ changed: z.array(z.string()) }),
  },
  'epci.addNote': {
    input: z
      .object({ siren: sirenSchema, text: plainText(5000, { trim: true }).min(1, 'La note est vide.'), by })
      .strict(),
    output: z.object({ id: z.string() }),
  },
  'rollout.summary': {
    input: z.object({ millesime: millesimeSchema.optional() }).strict(),
    output: rolloutSummarySchema,
  },

  'commune.list': {
    input: none,
    output: z.array(
      z.object({
        insee: z.string(),
        name: z.string(),
        departement: z.string(),
        epci: sirenSchema,
        epciName: z.string(),
        postalCodes: z.array(z.string()),
        /** The former communes it took in or was called (a commune nouvelle's communes déléguées…). */
        formerNames: z.array(
          z.object({
            insee: z.string(),
            name: z.string(),
            kind: z.enum(['delegated', 'associated', 'merged', 'renamed']),
          }),
        ),
      }),
    ),
  },

  'contact.add': {
    input: contactFieldsSchema.extend({ siren: sirenSchema, by }).strict(),
    output: contactSchema,
  },
  'contact.update': { input: contactFieldsSchema.extend({ id, by }).strict(), output: contactSchema },
  'contact.remove': { input: z.object({ id, by }).strict(), output: z.object({ id: z.string() }) },

  'convention.add': {
    input: conventionTermsSchema.safeExtend({ epci: sirenSchema, by }),
    output: z.object({ id: z.string() }),
  },
  'convention.list': {
    input: z.object({ epci: sirenSchema.optional() }).strict(),
    output: z.array(conventionListedSchema),
  },
  'convention.get': { input: z.object({ id }).strict(), output: conventionListedSchema },
  /** A convention's terms corrected, bands included: every field as the form sends it, each change audited. */
  'convention.update': {
    input: conventionTermsSchema.safeExtend({ id, by }),
    output: z.object({ id: z.string(), changed: z.array(z.string()) }),
  },
  'convention.remove': { input: z.object({ id, by }).strict(), output: z.object({ id: z.string() }) },
  'convention.attachDocument': {
    input: z.object({ id, fileName, content: fileContentSchema, by }).strict(),
    output: z.object({ fileName: z.string(), sha256: z.string(), size: z.number().int() }),
  },

  'library.add': {
    input: libraryFieldsSchema.extend({ code: libraryCodeSchema.optional(), by }).strict(),
    output: z.object({ id: z.string(), code: z.string(), epci: sirenSchema.nullable() }),
  },
  'library.update': {
    input: libraryPatchSchema.extend({ id, by }).strict(),
    output: librarySchema,
  },
  'library.list': {
    input: z.object({ epci: sirenSchema.optional() }).strict(),
    output: z.array(librarySchema),
  },
  /** `id`: the library's id or its short code (« FIGEAC »), as staff know it. */
  'library.get': { input: z.object({ id }).strict(), output: librarySchema },

  'millesime.list': { input: none, output: z.array(vintageSchema) },
  'millesime.import': { input: millesimeImportInputSchema, output: millesimeImportResultSchema },
} as const;
