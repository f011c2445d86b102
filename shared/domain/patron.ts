import { z } from 'zod';
import { isoDateSchema } from './dates.ts';
import { sirenSchema } from './epci.ts';

/** The patron fields an import may fill: nothing else from a library's file is ever stored (RGPD). */
export const patronFields = [
  'cardNumber',
  'lastName',
  'firstName',
  'birthDate',
  'birthYear',
  'email',
  'postalCode',
  'commune',
  'registeredOn',
  'expiresOn',
  'category',
] as const;
export type PatronField = (typeof patronFields)[number];
export const patronFieldSchema = z.enum(patronFields);

export const patronFieldLabels: Record<PatronField, string> = {
  cardNumber: 'N° de carte',
  lastName: 'Nom',
  firstName: 'Prénom',
  birthDate: 'Date de naissance',
  birthYear: 'Année de naissance',
  email: 'Courriel',
  postalCode: 'Code postal',
  commune: 'Commune',
  registeredOn: 'Date d’inscription',
  expiresOn: 'Date de fin d’abonnement',
  category: 'Catégorie',
};

/**
 * The longest text the registry keeps per field, in characters: the central service refuses longer ones
 * (central/sync/tables.ts), so an import rejects or drops them row by row instead of the whole import
 * being refused at the next sync.
 */
export const patronTextLimits = {
  cardNumber: 100,
  lastName: 200,
  firstName: 200,
  commune: 200,
  category: 100,
} as const satisfies Partial<Record<PatronField, number>>;

export const encodings = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-15'] as const;
export type Encoding = (typeof encodings)[number];
export const encodingSchema = z.enum(encodings, { error: () => 'Encodage inconnu.' });
/** How staff recognise them in a list ("Enregistrer sous…" in Excel or LibreOffice). */
export const encodingLabels: Record<(typeof encodings)[number], string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE (Texte Unicode d’Excel)',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (CSV d’Excel sous Windows)',
  'iso-8859-15': 'ISO-8859-15 (Latin-9)',
};

export const importModeSchema = z.enum(['incremental', 'full'], {
  error: () => 'Mode inconnu (incremental ou full).',
});
export const outcomes = ['created', 'updated', 'unchanged', 'rejected', 'excluded'] as const;
export const outcomeLabels: Record<(typeof outcomes)[number], string> = {
  created: 'Nouveaux',
  updated: 'Modifiés',
  unchanged: 'Inchangés',
  rejected: 'Rejetés',
  excluded: 'Exclus',
};
export const previewFilterSchema = z.enum([...outcomes, 'warning', 'expired', 'duplicate', 'unregistered']);

/** Field → column index of the file; a field absent from the mapping is not imported. */
export const mappingSchema = z.partialRecord(patronFieldSchema, z.number().int().min(0).max(500));

export const countsSchema = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  excluded: z.number().int(),
  /** Rows imported with something the library should correct in its file (not an expired card). */
  warnings: z.number().int(),
  /** Rows imported whose subscription has ended: not an error of the file, said for information. */
  expired: z.number().int(),
  possibleDuplicates: z.number().int(),
  unregistered: z.number().int(),
});

const issueSchema = z.object({ field: patronFieldSchema.nullable(), code: z.string(), message: z.string() });

export const patronValuesSchema = z.object({
  cardNumber: z.string().nullable(),
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  birthDate: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  email: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeInsee: z.string().nullable(),
  communeName: z.string().nullable(),
  registeredOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  category: z.string().nullable(),
});

/** A stored value of a patron column (text, a year, the registered flag). */
const columnValueSchema = z.union([z.string(), z.number()]).nullable();

/**
 * Why a new row of a file may be someone already known, and who: a patron of another library, a patron of
 * the same library under another card, or an earlier row of the same file — with the same folded names and
 * birth date (`person`), or the same e-mail (`email`).
 */
export const resemblanceSchema = z.object({
  reason: z.enum(['person', 'email']),
  where: z.enum(['otherLibrary', 'library', 'file']),
  /** The earlier line of the file (`file` only). */
  line: z.number().int().nullable(),
  /** The library of the stored patron (`otherLibrary` only). */
  libraryName: z.string().nullable(),
  /** Who the row resembles, as stored or as read from the earlier line: shown side by side. */
  other: z.object({
    cardNumber: z.string().nullable(),
    lastName: z.string().nullable(),
    firstName: z.string().nullable(),
    birthDate: z.string().nullable(),
    birthYear: z.number().int().nullable(),
    email: z.string().nullable(),
  }),
});

export const previewRowSchema = z.object({
  line: z.number().int(),
  outcome: z.enum([...outcomes, 'unregistered']),
  values: patronValuesSchema,
  cells: z.partialRecord(patronFieldSchema, z.string()),
  rejections: z.array(issueSchema),
  warnings: z.array(issueSchema),
  /** What the import understood, nothing to correct: « Labastide-Murat → Cœur de Causse (commune nouvelle) ». */
  notes: z.array(issueSchema),
  /** The stored columns an update changes… */
  changed: z.array(z.string()),
  /** …with their stored value and the file's. */
  changes: z.array(z.object({ column: z.string(), before: columnValueSchema, after: columnValueSchema })),
  /** The stored patron a new row may duplicate (null when it resembles an earlier, new row of the file). */
  possibleDuplicateOf: z.string().nullable(),
  duplicate: resemblanceSchema.nullable(),
});

export const sessionSummarySchema = z.object({
  sessionId: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: encodingSchema.nullable(),
  delimiter: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  mapping: mappingSchema,
  mode: importModeSchema,
  counts: countsSchema,
  profile: z.string().nullable(),
});

export const progressSchema = z.object({
  phase: z.enum(['lecture', 'analyse', 'enregistrement']),
  done: z.number().int(),
  total: z.number().int(),
});

export const batchSchema = z.object({
  id: z.string(),
  libraryId: z.string(),
  libraryName: z.string(),
  fileName: z.string(),
  mode: importModeSchema,
  actor: z.string(),
  committedAt: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  warnings: z.number().int(),
  possibleDuplicates: z.number().int(),
  unregistered: z.number().int(),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
});

export const undoResultSchema = z.object({
  batchId: z.string(),
  removed: z.number().int(),
  restored: z.number().int(),
  kept: z.array(
    z.object({
      id: z.string(),
      cardNumber: z.string(),
      lastName: z.string(),
      firstName: z.string().nullable(),
    }),
  ),
});

export const patronSchema = z.object({
  id: z.string(),
  libraryId: z.string(),
  libraryName: z.string(),
  epci: sirenSchema.nullable(),
  cardNumber: z.string(),
  lastName: z.string(),
  firstName: z.string().nullable(),
  birthDate: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  email: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
  registeredOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  category: z.string().nullable(),
  registered: z.boolean(),
  duplicateOf: z.string().nullable(),
  duplicateStatus: z.enum(['possible', 'confirmed', 'distinct']).nullable(),
});
export type Patron = z.infer<typeof patronSchema>;

export const patronSearchSchema = z
  .object({
    text: z.string().max(200).default(''),
    libraryId: z.string().optional(),
    epci: sirenSchema.optional(),
    status: z.enum(['registered', 'unregistered', 'all']).default('all'),
    duplicates: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const purgeInputSchema = z
  // `months` absent: the retention period stored in the settings (shared/domain/retention.ts).
  .object({ months: z.number().int().min(1).max(120).optional(), today: isoDateSchema.optional() })
  .strict();
