import { z } from 'zod';
import { fileContentSchema } from '../domain/millesime.ts';
import { plainLine } from '../domain/plain-text.ts';
import { usageIndicatorsSchema } from '../domain/usage/indicators.ts';
import { reportKinds } from '../domain/usage/metrics.ts';
import { usageImportSchema, usagePreviewSchema, usageTotalsSchema } from '../domain/usage/schemas.ts';
import { by, fileName, id, none } from './fields.ts';

/** A usage report handed over: its content (small files, tests) or, like patron files, by reference. */
const usageFile = z
  .object({
    fileName,
    /** The file itself, base64. */
    content: fileContentSchema.optional(),
    /** A file the desktop's dialog chose or the browser host received (import/staged-files.ts). */
    fileId: z.uuid().optional(),
    /** The platform's name as staff file it (the cost lines' vendor), in place of the report's. */
    platform: plainLine(120, { trim: true }).min(1).optional(),
  })
  .strict();
const oneFile = {
  message: 'le fichier est à donner une fois : son contenu ou son identifiant',
};
const givenOnce = (input: { content?: string; fileId?: string }) =>
  (input.content === undefined) !== (input.fileId === undefined);

/**
 * Usage of the resource platforms: vendors' COUNTER 5 / 5.1 reports imported (JSON or tabular), per
 * platform and month, previewed, undone, reported (shared/domain/usage/). Local to this PC for now.
 */
export const usageMethods = {
  /** Reads and checks a report, says what it holds and what it would replace; writes nothing. */
  'usage.preview': { input: usageFile.refine(givenOnce, oneFile), output: usagePreviewSchema },
  /** Imports the report previewed (the same bytes: `sha256`), whole or not at all. */
  'usage.commit': {
    input: usageFile
      .extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Empreinte du fichier invalide.'), by })
      .refine(givenOnce, oneFile),
    output: z.object({
      batchId: z.string(),
      rows: z.number().int(),
      total: z.number().int(),
      replaced: z.number().int(),
    }),
  },
  'usage.undo': {
    input: z.object({ batchId: id, by }).strict(),
    output: z.object({ batchId: z.string(), removed: z.number().int(), restored: z.number().int() }),
  },
  'usage.list': { input: none, output: z.array(usageImportSchema) },
  'usage.totals': {
    input: z.object({ year: z.number().int().min(2000).max(2100) }).strict(),
    output: usageTotalsSchema,
  },
  /** Uses set against cost lines and active patrons, per platform and EPCI (shared/domain/usage/indicators.ts). */
  'indicators.usage': {
    input: z.object({ year: z.number().int().min(2000).max(2100) }).strict(),
    output: usageIndicatorsSchema,
  },
} as const;

const sushiMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Mois attendu au format AAAA-MM (exemple : 2026-01).');
const sushiReports = z.array(z.enum(reportKinds)).min(1).max(3);
/** Write-only: given to be stored, never read back; '' forgets the stored one. */
const sushiSecret = z.string().max(500).optional();

/** A SUSHI source as staff see it: never its secrets, only whether they are stored. */
export const usageSushiSourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  customerId: z.string(),
  reports: z.array(z.enum(reportKinds)),
  requestorIdStored: z.boolean(),
  apiKeyStored: z.boolean(),
});
export type UsageSushiSource = z.infer<typeof usageSushiSourceSchema>;

/**
 * Vendors' SUSHI endpoints (COUNTER_SUSHI5 API), fetched on demand: the report downloaded is staged like an
 * uploaded file and previewed by usage.preview's code; usage.commit with the returned `fileId` imports it.
 */
export const usageSushiMethods = {
  'usage.sushi.list': { input: none, output: z.array(usageSushiSourceSchema) },
  'usage.sushi.save': {
    input: z
      .object({
        /** Absent: a new source. */
        id: id.optional(),
        name: plainLine(120, { trim: true }).min(1, 'Nom de la plateforme obligatoire.'),
        baseUrl: z.string().trim().min(1, 'Adresse SUSHI obligatoire.').max(500),
        customerId: plainLine(200, { trim: true }).min(1, 'Identifiant client (customer_id) obligatoire.'),
        requestorId: sushiSecret,
        apiKey: sushiSecret,
        reports: sushiReports.default(['PR']),
      })
      .strict(),
    output: usageSushiSourceSchema,
  },
  'usage.sushi.remove': {
    input: z.object({ id }).strict(),
    output: z.object({ id: z.string(), removed: z.boolean() }),
  },
  'usage.sushi.fetch': {
    input: z
      .object({
        /** The source's id or its name. */
        sourceId: id,
        begin: sushiMonth,
        end: sushiMonth,
        report: z.enum(reportKinds).optional(),
      })
      .strict()
      .refine((i) => i.begin <= i.end, { message: 'Le premier mois vient avant le dernier.' }),
    output: usagePreviewSchema.extend({
      /** The downloaded report, staged: usage.commit `{ fileName, fileId, platform, sha256 }` imports it. */
      fileId: z.string(),
      platform: z.string(),
    }),
  },
} as const;
