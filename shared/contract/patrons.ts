import { z } from 'zod';
import { fileContentSchema } from '../domain/millesime.ts';
import {
  batchSchema,
  countsSchema,
  encodingSchema,
  importModeSchema,
  mappingSchema,
  patronFieldSchema,
  patronSchema,
  patronSearchSchema,
  previewFilterSchema,
  previewRowSchema,
  progressSchema,
  purgeInputSchema,
  sessionSummarySchema,
  undoResultSchema,
} from '../domain/patron.ts';
import { plainLine } from '../domain/plain-text.ts';
import { retentionSchema } from '../domain/retention.ts';
import { by, fileName, id, none } from './fields.ts';

/** The patrons: imports (open, check, fix, commit, undo, reports), the registry, the RGPD retention. */
export const patronMethods = {
  /**
   * The library is picked, its file comes next: the import worker kept ready reads the library's stored
   * patrons meanwhile (a re-import compares 100,000 of them). Nothing is written; `prepared` is false
   * where no worker is kept ready (the CLI).
   */
  'import.prepare': {
    input: z.object({ libraryId: id }).strict(),
    output: z.object({ prepared: z.boolean() }).strict(),
  },
  'import.open': {
    input: z
      .object({
        sessionId: z.uuid().optional(),
        /** The library's id or its short code. */
        libraryId: id,
        fileName,
        /** The file itself, base64 (small files, the CLI) — or, for any size, a file staged by reference. */
        content: fileContentSchema.optional(),
        /** A file the desktop's dialog chose (desktop.pickImportFile) or the browser host received. */
        fileId: z.uuid().optional(),
        encoding: encodingSchema.optional(),
        sheet: z.string().max(100).optional(),
        mode: importModeSchema.default('incremental'),
        profile: plainLine(60, { trim: true }).optional(),
      })
      .strict()
      .refine((input) => (input.content === undefined) !== (input.fileId === undefined), {
        message: 'le fichier est à donner une fois : son contenu ou son identifiant',
      }),
    output: sessionSummarySchema,
  },
  'import.configure': {
    input: z
      .object({
        sessionId: id,
        mapping: mappingSchema.optional(),
        encoding: encodingSchema.optional(),
        sheet: z.string().max(100).optional(),
        mode: importModeSchema.optional(),
      })
      .strict(),
    output: sessionSummarySchema,
  },
  'import.preview': {
    input: z
      .object({
        sessionId: id,
        outcome: previewFilterSchema.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ counts: countsSchema, total: z.number().int(), rows: z.array(previewRowSchema) }),
  },
  'import.fixCell': {
    input: z
      .object({
        sessionId: id,
        line: z.number().int().min(1),
        field: patronFieldSchema,
        value: plainLine(500),
      })
      .strict(),
    output: z.object({ row: previewRowSchema, counts: countsSchema }),
  },
  'import.exclude': {
    input: z
      .object({ sessionId: id, lines: z.array(z.number().int().min(1)).max(200_000), excluded: z.boolean() })
      .strict(),
    output: z.object({ counts: countsSchema }),
  },
  'import.progress': {
    input: z.object({ sessionId: id }).strict(),
    output: z.object({ running: z.boolean(), progress: progressSchema.nullable() }),
  },
  'import.commit': {
    input: z
      .object({ sessionId: id, saveProfile: plainLine(60, { trim: true }).min(1).optional(), by })
      .strict(),
    output: z.object({ batchId: z.string(), counts: countsSchema }),
  },
  'import.cancel': {
    input: z.object({ sessionId: id }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'import.undo': { input: z.object({ batchId: id, by }).strict(), output: undoResultSchema },
  'import.list': { input: z.object({ libraryId: id.optional() }).strict(), output: z.array(batchSchema) },
  'import.report': {
    input: z.object({ batchId: id, format: z.enum(['csv', 'xlsx']) }).strict(),
    output: z.object({ fileName: z.string(), content: z.string(), rows: z.number().int() }),
  },

  'patron.search': {
    input: patronSearchSchema,
    // `more`: a text search stopped at its cap (1,000 matches): the user should refine it.
    output: z.object({ total: z.number().int(), more: z.boolean(), patrons: z.array(patronSchema) }),
  },
  'patron.count': {
    input: z.object({ libraryId: id.optional() }).strict(),
    output: z.object({ count: z.number().int(), persons: z.number().int() }),
  },
  'patron.resolveDuplicate': {
    input: z.object({ id, decision: z.enum(['confirmed', 'distinct']), by }).strict(),
    output: patronSchema,
  },
  'patron.purgePreview': {
    input: purgeInputSchema,
    output: z.object({ cutoff: z.string(), count: z.number().int(), sample: z.array(patronSchema) }),
  },
  'patron.purge': {
    input: purgeInputSchema.extend({ by }),
    /** `backupsRemoved`: backups taken before the purge, which still held the people removed. */
    output: z.object({ cutoff: z.string(), purged: z.number().int(), backupsRemoved: z.number().int() }),
  },
  'retention.get': { input: none, output: retentionSchema },
  'retention.update': { input: retentionSchema, output: retentionSchema },
} as const;
