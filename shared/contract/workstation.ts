import { z } from 'zod';
import { auditEntrySchema, auditFilterSchema } from '../domain/audit.ts';
import { backupIdSchema, backupSchema } from '../domain/backup.ts';
import { fileContentSchema } from '../domain/millesime.ts';
import {
  conflictKeepSchema,
  conflictViewSchema,
  rejectionViewSchema,
  serverUrlSchema,
  syncOutcomeSchema,
  syncStatusSchema,
  syncValueSchema,
} from '../domain/sync.ts';
import { by, id, none } from './fields.ts';

/** This workstation: sync with the central service, the journal, native dialogs, the diagnostic, the
 * long work in progress and backups. */
export const workstationMethods = {
  'sync.status': { input: none, output: syncStatusSchema },
  'sync.now': { input: none, output: syncOutcomeSchema },
  'sync.configure': {
    input: z.object({ serverUrl: serverUrlSchema.nullable() }).strict(),
    output: syncStatusSchema,
  },
  'sync.login': {
    input: z
      .object({
        serverUrl: serverUrlSchema,
        email: z.string().trim().min(1, 'Indiquez votre adresse e-mail.').max(254),
        password: z.string().min(1, 'Indiquez votre mot de passe.').max(1024),
      })
      .strict(),
    output: syncStatusSchema,
  },
  'sync.logout': { input: none, output: syncStatusSchema },
  'sync.conflicts': {
    input: z.object({ status: z.enum(['open', 'resolved', 'all']).default('open') }).strict(),
    output: z.array(conflictViewSchema),
  },
  'sync.resolve': {
    input: z.object({ id, keep: conflictKeepSchema, value: syncValueSchema.optional(), by }).strict(),
    output: conflictViewSchema,
  },
  'sync.rejections': { input: none, output: z.array(rejectionViewSchema) },

  'audit.list': {
    input: auditFilterSchema,
    output: z.object({ entries: z.array(auditEntrySchema), total: z.number().int() }),
  },

  'desktop.capabilities': {
    input: none,
    output: z.object({ dialogs: z.boolean(), notifications: z.boolean() }),
  },
  'desktop.openFile': {
    input: z
      .object({ purpose: z.enum(['patrons', 'populations', 'scenario', 'document', 'usage']) })
      .strict(),
    // null: cancelled, or no native dialog here (the browser host): the page uses its file input.
    output: z.object({ file: z.object({ fileName: z.string(), content: z.string() }).nullable() }),
  },
  /** A patron export chosen in the native dialog, handed to the import by reference (up to 200 MB). */
  'desktop.pickImportFile': {
    input: none,
    output: z.object({
      file: z.object({ fileName: z.string(), fileId: z.uuid(), size: z.number().int() }).nullable(),
    }),
  },
  'desktop.saveFile': {
    input: z.object({ fileName: z.string().min(1).max(255), content: fileContentSchema }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'diagnostic.export': {
    input: none,
    output: z.object({ folder: z.string(), files: z.array(z.string()) }),
  },

  /** The long work the core is doing now (backup, restore, report, sync), for a progress bar. */
  'work.progress': {
    input: none,
    output: z.array(
      z.object({ label: z.string(), done: z.number(), total: z.number().nullable(), unit: z.string() }),
    ),
  },
  'backup.list': { input: none, output: z.array(backupSchema) },
  'backup.create': { input: none, output: backupSchema },
  'backup.restore': {
    input: z.object({ id: backupIdSchema }).strict(),
    output: z.object({ restored: backupSchema, safetyCopy: backupSchema }),
  },
} as const;
