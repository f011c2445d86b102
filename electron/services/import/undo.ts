import type BetterSqlite3 from 'better-sqlite3';
import { dropSearchPending } from '../../../db/queries/patron-search-pending.ts';
import { queuePatronChangeSet } from '../../../db/queries/sync-patron-upload.ts';
import { AppError } from '../../../shared/errors.ts';
import { type PatronRecord, patronColumns, searchText } from './patron-row.ts';
import { nameKey } from './read/normalize.ts';

export interface UndoResult {
  batchId: string;
  removed: number;
  restored: number;
  /** Patrons changed since the batch (by a later import or by staff): left as they are. */
  kept: { id: string; cardNumber: string; lastName: string; firstName: string | null }[];
}

interface Change {
  patron_id: string;
  action: 'create' | 'update' | 'unregister';
  prior: string | null;
  stamp: string;
}

interface Current extends PatronRecord {
  num: number;
  id: string;
  card_number: string;
  updated_at: string;
}

/**
 * Undoes one import batch in one transaction: removes the patrons it created, restores the prior values
 * of those it updated or unregistered — except patrons changed since, which are kept and listed.
 */
export function undoBatch(db: BetterSqlite3.Database, batchId: string, actor: string, now: Date): UndoResult {
  const batch = db.prepare('SELECT undone_at, committed_at FROM import_batch WHERE id = ?').get(batchId) as
    | { undone_at: string | null; committed_at: string }
    | undefined;
  if (!batch) throw new AppError('NOT_FOUND', 'Cet import n’existe pas.');
  if (batch.undone_at) throw new AppError('ALREADY_UNDONE', 'Cet import a déjà été annulé.');
  const at = now.toISOString();
  const current = db.prepare(
    `SELECT num, id, card_number, updated_at, ${patronColumns.join(', ')} FROM patron WHERE id = ?`,
  );
  const remove = db.prepare('DELETE FROM patron WHERE id = ?');
  const unindex = db.prepare('DELETE FROM patron_search WHERE rowid = ?');
  const index = db.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
  const result: UndoResult = { batchId, removed: 0, restored: 0, kept: [] };
  // What the central service must hear of (the removed rows' ids can only be taken now).
  const synced = { changed: [] as string[], deleted: [] as string[] };

  db.transaction(() => {
    // Created rows carry the batch id; their stamp is the batch's own time.
    const changes = [
      ...(db
        .prepare(
          "SELECT id AS patron_id, 'create' AS action, NULL AS prior, ? AS stamp FROM patron WHERE created_batch = ?",
        )
        .all(batch.committed_at, batchId) as Change[]),
      ...(db
        .prepare('SELECT patron_id, action, prior, stamp FROM import_change WHERE batch_id = ?')
        .all(batchId) as Change[]),
    ];
    for (const change of changes) {
      const patron = current.get(change.patron_id) as Current | undefined;
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
      unindex.run(patron.num);
      if (change.action === 'create') {
        const unflagged = db
          .prepare(
            'UPDATE patron SET duplicate_of = NULL, duplicate_status = NULL WHERE duplicate_of = ? RETURNING id',
          )
          .pluck()
          .all(patron.id) as string[];
        synced.changed.push(...unflagged);
        remove.run(patron.id);
        synced.deleted.push(patron.id);
        result.removed += 1;
        continue;
      }
      const prior = JSON.parse(change.prior ?? '{}') as Partial<PatronRecord>;
      const restored = { ...patron, ...prior };
      const columns = Object.keys(prior).filter((c) => (patronColumns as readonly string[]).includes(c));
      const sets = [
        ...columns.map((c) => `${c} = @${c}`),
        'name_key = @name_key',
        'updated_at = @updated_at',
      ].join(', ');
      db.prepare(`UPDATE patron SET ${sets} WHERE id = @id`).run({
        ...Object.fromEntries(columns.map((c) => [c, restored[c as keyof PatronRecord] ?? null])),
        name_key: nameKey(restored.last_name as string, restored.first_name as string | null),
        updated_at: at,
        id: patron.id,
      });
      index.run(
        patron.num,
        searchText(patron.card_number, restored.last_name, restored.first_name, restored.email),
      );
      result.restored += 1;
      synced.changed.push(patron.id);
    }
    // Entries not written yet for the removed rows must not be written after them.
    dropSearchPending(db, batchId);
    db.prepare('UPDATE import_batch SET undone_at = ?, undone_by = ?, updated_at = ? WHERE id = ?').run(
      at,
      actor,
      at,
      batchId,
    );
    queuePatronChangeSet(db, { kind: 'undo', batchId, ...synced });
  })();
  return result;
}
