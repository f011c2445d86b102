import type BetterSqlite3 from 'better-sqlite3';
import { writeTransaction } from '../transaction.ts';

/** An import's created patrons (`num` from first to last) whose search entries are not written yet. */
export interface PendingSearch {
  batchId: string;
  firstNum: number;
  lastNum: number;
  /** The batch's time: the created rows carry it as `updated_at` until something changes them. */
  stamp: string;
}

const slice = 10_000;

export type IndexedPatron = {
  card_number: string;
  last_name: string;
  first_name: string | null;
  email: string | null;
};

/** Called inside the batch's transaction: the entries will follow in `indexPendingSearch`. */
export function markSearchPending(db: BetterSqlite3.Database, pending: PendingSearch) {
  db.prepare(
    'INSERT INTO patron_search_pending (batch_id, first_num, last_num, stamp) VALUES (?, ?, ?, ?)',
  ).run(pending.batchId, pending.firstNum, pending.lastNum, pending.stamp);
}

/** Called inside an undo's transaction: the batch's created rows are gone, nothing is left to index. */
export function dropSearchPending(db: BetterSqlite3.Database, batchId: string) {
  db.prepare('DELETE FROM patron_search_pending WHERE batch_id = ?').run(batchId);
}

/**
 * Writes the search entries of one pending batch, or of every one (at start, after a process that
 * stopped in between), one transaction per batch. Rows changed since the batch were re-indexed by
 * whoever changed them, and removed rows have nothing to index: both are skipped. Returns the entries
 * written.
 */
export function indexPendingSearch(
  db: BetterSqlite3.Database,
  text: (patron: IndexedPatron) => string,
  batchId?: string,
): number {
  const pending = (
    batchId === undefined
      ? db.prepare('SELECT batch_id FROM patron_search_pending ORDER BY batch_id').pluck().all()
      : [batchId]
  ) as string[];
  const find = db.prepare('SELECT first_num, last_num, stamp FROM patron_search_pending WHERE batch_id = ?');
  const created = db.prepare(
    `SELECT num, card_number, last_name, first_name, email FROM patron
     WHERE num BETWEEN ? AND ? AND created_batch = ? AND updated_at = ?`,
  );
  const index = db.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)');
  const done = db.prepare('DELETE FROM patron_search_pending WHERE batch_id = ?');
  let written = 0;
  for (const id of pending) {
    writeTransaction(db, () => {
      // Read again inside the transaction: an undo committed meanwhile has removed the line.
      const range = find.get(id) as { first_num: number; last_num: number; stamp: string } | undefined;
      if (!range) return;
      // In slices: a statement cannot write while another one iterates on the same connection.
      for (let from = range.first_num; from <= range.last_num; from += slice) {
        const to = Math.min(range.last_num, from + slice - 1);
        for (const patron of created.all(from, to, id, range.stamp) as (IndexedPatron & { num: number })[]) {
          index.run(patron.num, text(patron));
          written += 1;
        }
      }
      done.run(id);
    });
  }
  return written;
}
