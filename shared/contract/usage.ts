import { z } from 'zod';
import { fileContentSchema } from '../domain/millesime.ts';
import { plainLine } from '../domain/plain-text.ts';
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
} as const;
