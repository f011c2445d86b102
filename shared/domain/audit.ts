import { z } from 'zod';
import { isoDateSchema } from './dates.ts';
import { sirenSchema } from './epci.ts';

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
  'sync_conflict',
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
  sync_conflict: 'Conflit de synchronisation',
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
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

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
