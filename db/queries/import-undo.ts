import type BetterSqlite3 from 'better-sqlite3';
import { patronColumns } from './import-statements.ts';

export interface UndoChange {
  patron_id: string;
  action: 'create' | 'update' | 'unregister';
  prior: string | null;
  stamp: string;
}

export type UndoPatronValues = Partial<Record<(typeof patronColumns)[number], string | number | null>>;

export interface UndoCurrentPatron extends UndoPatronValues {
  num: number;
  id: string;
  card_number: string;
  updated_at: string;
}

/** The statements undoing an import batch runs, inside the caller's transaction (undo.ts). */
export function prepareUndoStatements(db: BetterSqlite3.Database) {
  const current = db.prepare(
    `SELECT num, id, card_number, updated_at, ${patronColumns.join(', ')} FROM patron WHERE id = ?`,
  );
  const created = db.prepare(
    "SELECT id AS patron_id, 'create' AS action, NULL AS prior, ? AS stamp FROM patron WHERE created_batch = ?",
  );
  const recorded = db.prepare('SELECT patron_id, action, prior, stamp FROM import_change WHERE batch_id = ?');
  const remove = db.prepare('DELETE FROM patron WHERE id = ?');
  const unindex = db.prepare('DELETE FROM patron_search WHERE rowid = ?');
  const index = db.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
  const unflag = db
    .prepare(
      'UPDATE patron SET duplicate_of = NULL, duplicate_status = NULL WHERE duplicate_of = ? RETURNING id',
    )
    .pluck();
  const markUndone = db.prepare(
    'UPDATE import_batch SET undone_at = ?, undone_by = ?, updated_at = ? WHERE id = ?',
  );
  return {
    batch: (batchId: string) =>
      db.prepare('SELECT undone_at, committed_at FROM import_batch WHERE id = ?').get(batchId) as
        | { undone_at: string | null; committed_at: string }
        | undefined,
    /** Created rows carry the batch id, their stamp the batch's own time; the others were recorded. */
    changes: (batchId: string, committedAt: string): UndoChange[] => [
      ...(created.all(committedAt, batchId) as UndoChange[]),
      ...(recorded.all(batchId) as UndoChange[]),
    ],
    current: (id: string) => current.get(id) as UndoCurrentPatron | undefined,
    unindex: (num: number) => unindex.run(num),
    index: (num: number, text: string) => index.run(num, text),
    /** Patrons flagged as possible duplicates of `id` lose the flag; their ids are returned. */
    unflagDuplicatesOf: (id: string) => unflag.all(id) as string[],
    remove: (id: string) => remove.run(id),
    /** Puts back the given stored columns, with the name key and the time they change. */
    restore: (id: string, values: UndoPatronValues, nameKey: string, at: string) => {
      const columns = Object.keys(values).filter((c) => (patronColumns as readonly string[]).includes(c));
      const sets = [
        ...columns.map((c) => `${c} = @${c}`),
        'name_key = @name_key',
        'updated_at = @updated_at',
      ];
      db.prepare(`UPDATE patron SET ${sets.join(', ')} WHERE id = @id`).run({
        ...Object.fromEntries(columns.map((c) => [c, values[c as keyof UndoPatronValues] ?? null])),
        name_key: nameKey,
        updated_at: at,
        id,
      });
    },
    markUndone: (batchId: string, actor: string, at: string) => markUndone.run(at, actor, at, batchId),
  };
}
