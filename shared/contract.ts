import { z } from 'zod';
import './validation.ts';
import { appInfoSchema } from './domain/app-info.ts';
import { auditEntrySchema, auditFilterSchema } from './domain/audit.ts';
import { backupIdSchema, backupSchema } from './domain/backup.ts';
import {
  contactFieldsSchema,
  contactSchema,
  epciDetailSchema,
  followUpInputSchema,
  rolloutSummarySchema,
  statusMoveSchema,
} from './domain/collectivity.ts';
import { contributionsResultSchema, scenarioSchema } from './domain/contributions/lines.ts';
import { conventionTermsSchema } from './domain/convention.ts';
import { costLineInputSchema, costLineSchema, indicatorsSchema } from './domain/costs.ts';
import { epciSummarySchema, millesimeSchema, sirenSchema } from './domain/epci.ts';
import {
  libraryCodeSchema,
  libraryFieldsSchema,
  libraryPatchSchema,
  librarySchema,
} from './domain/library.ts';
import {
  fileContentSchema,
  millesimeImportInputSchema,
  millesimeImportResultSchema,
  vintageSchema,
} from './domain/millesime.ts';
import { onboardingStatusSchema } from './domain/onboarding.ts';
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
} from './domain/patron.ts';
import {
  conflictKeepSchema,
  conflictViewSchema,
  rejectionViewSchema,
  serverUrlSchema,
  syncOutcomeSchema,
  syncStatusSchema,
  syncValueSchema,
} from './domain/sync.ts';

/** Who signs a change when it is not the staff name set in Réglages (the CLI's --by). */
const by = z.string().trim().min(1).max(120).optional();
const id = z.string().min(1).max(64);
const none = z.object({}).strict();

/**
 * The whole application API, declared once. Every door (Electron IPC, browser host, CLI) serves
 * exactly these methods; the zod schemas give both the TypeScript types and the runtime checks.
 */
export const contract = {
  'app.info': { input: none, output: appInfoSchema },
  'settings.get': { input: none, output: z.object({ staffName: z.string() }) },
  'settings.update': {
    input: z.object({ staffName: z.string().trim().max(120) }).strict(),
    output: z.object({ staffName: z.string() }),
  },

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
        note: z.string().trim().max(2000).default(''),
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
      .object({ siren: sirenSchema, text: z.string().trim().min(1, 'La note est vide.').max(5000), by })
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
  'convention.remove': { input: z.object({ id, by }).strict(), output: z.object({ id: z.string() }) },
  'convention.attachDocument': {
    input: z.object({ id, fileName: z.string().min(1).max(255), content: fileContentSchema, by }).strict(),
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
  'library.get': { input: z.object({ id }).strict(), output: librarySchema },

  'millesime.list': { input: none, output: z.array(vintageSchema) },
  'millesime.import': { input: millesimeImportInputSchema, output: millesimeImportResultSchema },

  'import.open': {
    input: z
      .object({
        sessionId: z.uuid().optional(),
        libraryId: id,
        fileName: z.string().min(1).max(255),
        content: fileContentSchema,
        encoding: encodingSchema.optional(),
        sheet: z.string().max(100).optional(),
        mode: importModeSchema.default('incremental'),
        profile: z.string().trim().max(60).optional(),
      })
      .strict(),
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
        value: z.string().max(500),
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
    input: z.object({ sessionId: id, saveProfile: z.string().trim().min(1).max(60).optional(), by }).strict(),
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
    output: z.object({ cutoff: z.string(), purged: z.number().int() }),
  },

  'contributions.compute': {
    input: z
      .object({ year: z.number().int().min(2000).max(2100), scenario: scenarioSchema.optional() })
      .strict(),
    output: contributionsResultSchema,
  },

  'contributions.csv': {
    input: z
      .object({ year: z.number().int().min(2000).max(2100), scenario: scenarioSchema.optional() })
      .strict(),
    output: z.object({ fileName: z.string(), content: z.string() }),
  },
  'report.statement': {
    input: z.object({ epci: sirenSchema, year: z.number().int().min(2000).max(2100) }).strict(),
    output: z.object({ fileName: z.string(), content: z.string() }),
  },
  'report.financing': {
    input: z
      .object({
        year: z.number().int().min(2000).max(2100),
        scenarios: z.array(scenarioSchema).max(3).default([]),
        /** Also keep a copy in the app's reports folder, where the desktop app can show it. */
        keep: z.boolean().default(false),
      })
      .strict(),
    // kept: the copy's path when asked and the door can show files (the desktop app), else null.
    output: z.object({
      fileName: z.string(),
      content: z.string(),
      kept: z.object({ path: z.string() }).nullable(),
    }),
  },
  /** « Ouvrir le dossier »: the system file manager on a report kept in the app's reports folder. */
  'report.reveal': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ path: z.string() }),
  },

  'cost.list': {
    input: z.object({ year: z.number().int().min(2000).max(2100) }).strict(),
    output: z.array(costLineSchema),
  },
  'cost.add': { input: costLineInputSchema.extend({ by }).strict(), output: z.object({ id: z.string() }) },
  'cost.remove': { input: z.object({ id, by }).strict(), output: z.object({ id: z.string() }) },
  'indicators.compute': {
    input: z.object({ year: z.number().int().min(2000).max(2100) }).strict(),
    output: indicatorsSchema,
  },

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
    input: z.object({ purpose: z.enum(['patrons', 'populations', 'scenario', 'document']) }).strict(),
    // null: cancelled, or no native dialog here (the browser host): the page uses its file input.
    output: z.object({ file: z.object({ fileName: z.string(), content: z.string() }).nullable() }),
  },
  'desktop.saveFile': {
    input: z.object({ fileName: z.string().min(1).max(255), content: fileContentSchema }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'diagnostic.export': {
    input: none,
    output: z.object({ folder: z.string(), files: z.array(z.string()) }),
  },

  'backup.list': { input: none, output: z.array(backupSchema) },
  'backup.create': { input: none, output: backupSchema },
  'backup.restore': {
    input: z.object({ id: backupIdSchema }).strict(),
    output: z.object({ restored: backupSchema, safetyCopy: backupSchema }),
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const methods = Object.keys(contract) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** What the application services implement: one function per method. */
export type Handlers = { [M in Method]: (input: z.output<Contract[M]['input']>) => Promise<Output<M>> };
