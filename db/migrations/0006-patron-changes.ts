import type BetterSqlite3 from 'better-sqlite3';
import { uuidv7 } from '../../shared/ids.ts';
import type { Migration } from './migration.ts';

/**
 * Every change of the patron registry made on this PC reaches the central service as a *patron change
 * set* (central/PROTOCOL.md), no longer import batches only:
 * - `sync_patron_upload`: the change sets waiting for upload, in the order they were made (AUTOINCREMENT
 *   `seq`: an undo must reach the server after the import it undoes). `change_id` is the server's
 *   idempotence key: the batch id for an import, a UUIDv7 otherwise. `kind`: import | undo (of `batch_id`)
 *   | duplicates (a decision on a possible duplicate) | purge (the retention rule).
 * - `sync_patron_upload_row`: the patrons each non-import change set touched, written in the change's own
 *   transaction: `deleted` ones are gone from `patron` afterwards, so their ids can only be recorded then;
 *   the others are sent as they stand at upload. (An import's rows are still found from `created_batch`
 *   and `import_change`.)
 * - `sync_state.snapshot_from`: set while a fresh PC's snapshot is applied in several transactions (the
 *   version of the first snapshot attempt); the cursor only moves with the snapshot's last page.
 * `sync_batch_upload`'s waiting imports move to the new queue, whose trigger now queues each new batch.
 * Batches undone before this version are queued as undos of the rows they restored (the ids of the rows
 * they removed were not kept).
 */
export const migration: Migration = {
  version: 6,
  name: 'patron-changes',
  up(db) {
    db.exec(`
      CREATE TABLE sync_patron_upload (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        change_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('import', 'undo', 'duplicates', 'purge')),
        batch_id TEXT CHECK ((batch_id IS NOT NULL) = (kind IN ('import', 'undo'))),
        queued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      ) STRICT;

      CREATE TABLE sync_patron_upload_row (
        change_id TEXT NOT NULL REFERENCES sync_patron_upload (change_id) ON DELETE CASCADE,
        patron_id TEXT NOT NULL,
        deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        PRIMARY KEY (change_id, patron_id)
      ) STRICT, WITHOUT ROWID;
      -- A pulled patron row with a change of this PC still waiting is not applied (db/queries/sync-apply.ts).
      CREATE INDEX sync_patron_upload_row_by_patron ON sync_patron_upload_row (patron_id);

      INSERT INTO sync_patron_upload (change_id, kind, batch_id, queued_at)
        SELECT batch_id, 'import', batch_id, queued_at FROM sync_batch_upload ORDER BY queued_at, batch_id;
      DROP TRIGGER sync_queue_batch;
      DROP TABLE sync_batch_upload;
      CREATE TRIGGER sync_queue_import AFTER INSERT ON import_batch BEGIN
        INSERT INTO sync_patron_upload (change_id, kind, batch_id) VALUES (NEW.id, 'import', NEW.id);
      END;

      ALTER TABLE sync_state ADD COLUMN snapshot_from INTEGER;
    `);
    queueEarlierUndos(db);
  },
};

function queueEarlierUndos(db: BetterSqlite3.Database) {
  const undone = db
    .prepare('SELECT id, undone_at FROM import_batch WHERE undone_at IS NOT NULL ORDER BY undone_at, id')
    .all() as { id: string; undone_at: string }[];
  const queue = db.prepare(
    "INSERT INTO sync_patron_upload (change_id, kind, batch_id, queued_at) VALUES (?, 'undo', ?, ?)",
  );
  const rows = db.prepare(
    `INSERT INTO sync_patron_upload_row (change_id, patron_id, deleted)
     SELECT ?, patron_id, 0 FROM import_change WHERE batch_id = ?`,
  );
  for (const batch of undone) {
    const changeId = uuidv7();
    queue.run(changeId, batch.id, batch.undone_at);
    rows.run(changeId, batch.id);
  }
}
