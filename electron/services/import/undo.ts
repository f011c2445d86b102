import type BetterSqlite3 from 'better-sqlite3';
import { prepareUndoStatements } from '../../../db/queries/import-undo.ts';
import { dropSearchPending } from '../../../db/queries/patron-search-pending.ts';
import { queuePatronChangeSet } from '../../../db/queries/sync-patron-upload.ts';
import { writeTransaction } from '../../../db/transaction.ts';
import { AppError } from '../../../shared/errors.ts';
import { type PatronRecord, searchText } from './patron-row.ts';
import { nameKey } from './read/name-key.ts';

export interface UndoResult {
  batchId: string;
  removed: number;
  restored: number;
  /** Patrons changed since the batch (by a later import or by staff): left as they are. */
  kept: { id: string; cardNumber: string; lastName: string; firstName: string | null }[];
}

/**
 * Undoes one import batch in one transaction: removes the patrons it created, restores the prior values
 * of those it updated or unregistered — except patrons changed since, which are kept and listed.
 */
export function undoBatch(db: BetterSqlite3.Database, batchId: string, actor: string, now: Date): UndoResult {
  const statements = prepareUndoStatements(db);
  const batch = statements.batch(batchId);
  if (!batch) throw new AppError('NOT_FOUND', 'Cet import n’existe pas.');
  if (batch.undone_at) throw new AppError('ALREADY_UNDONE', 'Cet import a déjà été annulé.');
  const at = now.toISOString();
  const result: UndoResult = { batchId, removed: 0, restored: 0, kept: [] };
  // What the central service must hear of (the removed rows' ids can only be taken now).
  const synced = { changed: [] as string[], deleted: [] as string[] };

  writeTransaction(db, () => {
    for (const change of statements.changes(batchId, batch.committed_at)) {
      const patron = statements.current(change.patron_id);
      if (!patron) continue;
      if (patron.updated_at !== change.stamp) {
        result.kept.push({
          id: patron.id,
          cardNumber: patron.card_number,
          lastName: patron.last_name as string,
          firstName: patron.first_name as string | null,
        });
        continue;
      }
      statements.unindex(patron.num);
      if (change.action === 'create') {
        synced.changed.push(...statements.unflagDuplicatesOf(patron.id));
        statements.remove(patron.id);
        synced.deleted.push(patron.id);
        result.removed += 1;
        continue;
      }
      const prior = JSON.parse(change.prior ?? '{}') as Partial<PatronRecord>;
      const restored = { ...patron, ...prior };
      statements.restore(
        patron.id,
        prior,
        nameKey(restored.last_name as string, restored.first_name as string | null),
        at,
      );
      statements.index(
        patron.num,
        searchText(patron.card_number, restored.last_name, restored.first_name, restored.email),
      );
      result.restored += 1;
      synced.changed.push(patron.id);
    }
    // Entries not written yet for the removed rows must not be written after them.
    dropSearchPending(db, batchId);
    statements.markUndone(batchId, actor, at);
    queuePatronChangeSet(db, { kind: 'undo', batchId, ...synced });
  });
  return result;
}
