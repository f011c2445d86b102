import { z } from 'zod';
import { isoDateSchema } from './dates.ts';
import { sirenSchema } from './epci.ts';
import { populationFileKindSchema } from './millesime.ts';

export const auditEntities = [
  'epci_followup',
  'epci_event',
  'contact',
  'convention',
  'library',
  'reference_import',
  'mapping_profile',
  'import_batch',
  'patron',
  'service_cost',
  'scenario',
  'sync_conflict',
  'usage_import',
] as const;
export const auditEntityLabels: Record<(typeof auditEntities)[number], string> = {
  epci_followup: 'Suivi',
  epci_event: 'Historique',
  contact: 'Contact',
  convention: 'Convention',
  library: 'Bibliothèque',
  reference_import: 'Populations légales',
  mapping_profile: 'Profil d’import',
  import_batch: 'Import de lecteurs',
  patron: 'Lecteurs',
  service_cost: 'Coût du service',
  scenario: 'Scénario',
  sync_conflict: 'Conflit de synchronisation',
  usage_import: 'Rapport d’usage',
};

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  entity: z.enum(auditEntities),
  entityId: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  field: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  epci: z.string().nullable(),
  epciName: z.string().nullable(),
  library: z.string().nullable(),
  libraryName: z.string().nullable(),
  /**
   * The patron a line is about (a duplicate decision), while still in the database: a name and a card
   * number, nothing more (RGPD). Null for other lines, and once the patron is purged.
   */
  patron: z.object({ name: z.string(), card: z.string() }).nullable(),
  /** The field a resolved synchronisation conflict was about (`status`, `rate_e4`…), to word its value. */
  conflictField: z.string().nullable(),
  /** Names of the communes whose INSEE codes the line holds (a library's commune). */
  communes: z.record(z.string(), z.string()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const count = z.number().int().min(0);

/**
 * What a journal line outside the editable tables records (an import, its undoing, a duplicate decision,
 * a purge, a population file), stored as JSON in its `after` and worded by the screens. Lines written
 * before this shape are French text, shown as they are.
 */
export const auditEventSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('import'),
    file: z.string(),
    created: count,
    updated: count,
    unchanged: count,
    rejected: count,
  }),
  z.object({
    event: z.literal('import_undone'),
    file: z.string().nullable(),
    removed: count,
    restored: count,
    kept: count,
  }),
  z.object({ event: z.literal('duplicate_decided'), decision: z.enum(['confirmed', 'distinct']) }),
  z.object({ event: z.literal('purge'), purged: count, cutoff: isoDateSchema, months: count }),
  z.object({
    event: z.literal('population_import'),
    kind: populationFileKindSchema,
    millesime: z.number().int(),
    file: z.string(),
    communes: count,
  }),
  z.object({
    event: z.literal('usage_import'),
    file: z.string(),
    report: z.string(),
    platforms: z.array(z.string()),
    firstMonth: z.string(),
    lastMonth: z.string(),
    rows: count,
    replaced: count,
  }),
  z.object({
    event: z.literal('usage_import_undone'),
    file: z.string().nullable(),
    removed: count,
    restored: count,
  }),
]);
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditFilterSchema = z
  .object({
    epci: sirenSchema.optional(),
    library: z.string().optional(),
    entity: z.enum(auditEntities).optional(),
    actor: z.string().trim().max(120).optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    limit: z.number().int().min(1).max(1000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
