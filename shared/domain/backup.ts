import { z } from 'zod';

/** A backup of the local database, as every door shows it. `id` is sortable (timestamp, then reason). */
export const backupSchema = z.object({
  id: z.string(),
  file: z.string(),
  at: z.string(),
  /** quotidienne, manuelle, avant-import, avant-restauration, avant-migration-v3-v4… */
  reason: z.string(),
  size: z.number().int().nonnegative(),
});
export type Backup = z.infer<typeof backupSchema>;

export const backupIdSchema = z
  .string()
  .regex(
    /^\d{8}T\d{9}Z-[a-z0-9-]{1,60}$/,
    'Identifiant de sauvegarde invalide (exemple : 20261125T171828123Z-manuelle).',
  );

/** How many backups are kept beside the database (the oldest beyond are removed). */
export const keptBackups = 14;

/** What the reasons mean to staff. */
export const backupReasonLabels: Record<string, string> = {
  manuelle: 'manuelle',
  quotidienne: 'quotidienne',
  'avant-import': 'avant un import',
  'avant-restauration': 'avant une restauration',
  'avant-restauration-endommagee': 'fichier endommagé, avant restauration',
  'apres-purge': 'après une suppression RGPD',
};

export function backupReasonLabel(reason: string): string {
  const migration = /^avant-migration-v(\d+)-v(\d+)$/.exec(reason);
  if (migration) return `avant la mise à jour du schéma (v${migration[1]} → v${migration[2]})`;
  return backupReasonLabels[reason] ?? reason;
}
