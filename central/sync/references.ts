import { sql } from 'kysely';
import type { LogTransaction } from './log.ts';

/**
 * Rows that point at a library accept only a library the server holds, not deleted: a fresh PC applies
 * the snapshot and checks its foreign keys, so one patron of an unknown library would make every new PC's
 * first sync fail. (EPCI and communes are reference data shipped with the app: only their format is
 * checked, by the column rules.)
 */
export async function missingLibraries(trx: LogTransaction, ids: Iterable<string>): Promise<string[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  const found = await sql<{ row_id: string }>`
    SELECT row_id FROM sync_row
    WHERE table_name = 'library' AND NOT deleted
      AND row_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb))`.execute(trx);
  const live = new Set(found.rows.map((row) => row.row_id));
  return wanted.filter((id) => !live.has(id));
}

export const unknownLibraryReason =
  'Bibliothèque inconnue du serveur central (supprimée, ou jamais envoyée) : la modification est refusée.';

/**
 * Whether live rows point at library `id` (patrons, import profiles, import batches): deleting it would
 * leave them dangling on every PC, and fail the foreign-key check of every fresh PC's snapshot.
 */
export async function libraryInUse(trx: LogTransaction, id: string): Promise<boolean> {
  const found = await sql`
    SELECT 1 FROM sync_row
    WHERE table_name IN ('patron', 'mapping_profile', 'import_batch') AND NOT deleted
      AND data->>'library_id' = ${id}
    LIMIT 1`.execute(trx);
  return found.rows.length > 0;
}

export const libraryInUseReason =
  'Cette bibliothèque a encore des lecteurs, des profils d’import ou des imports sur le serveur central : elle ne peut pas être supprimée.';
