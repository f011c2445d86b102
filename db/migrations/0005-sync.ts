import type BetterSqlite3 from 'better-sqlite3';
import { uuidv7 } from '../../shared/ids.ts';
import type { Migration } from './migration.ts';

/** The staff-edited tables of versions 2–4: their rows predate the outbox. */
const editedTables = [
  'epci_followup',
  'epci_event',
  'contact',
  'convention',
  'library',
  'mapping_profile',
  'service_cost',
];

/**
 * Local state of the sync with the central service (DESIGN.md §4, shared/sync/protocol.ts):
 * - `sync_outbox`: every staff change not yet acknowledged by the server, written by db/write.ts in the
 *   change's own transaction. AUTOINCREMENT so a sequence number is never reused, even once the newest
 *   entries are acknowledged and deleted: the server remembers which sequence numbers it has applied.
 *   An edit of a row whose last entry was never sent joins that entry (see db/queries/sync-outbox.ts).
 * - `sync_version`: the server's version of each synced row this PC last saw (the base of its next edit)
 *   and, for rows this PC may edit, the row as the server sent it: when the server rejects a change or
 *   keeps its own value (conflict), the mirror puts its row back to that without waiting for a new version.
 * - `sync_state`: one row: this PC's client id, the server, who is logged in, the pull cursor.
 * - `sync_conflict`: the mirror of the server's conflicts (both values, who, when, resolution).
 * - `sync_rejection`: changes the server refused, with its French reason, kept for people to read.
 * - `sync_batch_upload`: import batches committed here and not yet uploaded; a trigger queues each new
 *   batch, so the import code needs no sync knowledge (batches that come from the server are unqueued by
 *   the pull that writes them).
 * Rows and batches that existed before this version are queued as creations, so a PC that worked alone
 * until now brings its data to the server on its first sync.
 */
export const migration: Migration = {
  version: 5,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_outbox (
        client_seq INTEGER PRIMARY KEY AUTOINCREMENT,
        mutation_id TEXT NOT NULL UNIQUE,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        patch TEXT NOT NULL,
        base_version INTEGER NOT NULL CHECK (base_version >= 0),
        at TEXT NOT NULL,
        sent INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1))
      ) STRICT;
      CREATE INDEX sync_outbox_by_row ON sync_outbox (table_name, row_id);

      CREATE TABLE sync_version (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT,
        PRIMARY KEY (table_name, row_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        client_id TEXT NOT NULL,
        server_url TEXT,
        user_id TEXT,
        user_email TEXT,
        user_role TEXT,
        cursor INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
        last_sync_at TEXT,
        last_error_code TEXT,
        last_error TEXT
      ) STRICT;

      CREATE TABLE sync_conflict (
        id TEXT PRIMARY KEY,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        server_value TEXT NOT NULL,
        client_value TEXT NOT NULL,
        server_by TEXT NOT NULL,
        server_at TEXT NOT NULL,
        client_by TEXT NOT NULL,
        client_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        resolution TEXT CHECK (resolution IN ('mine', 'theirs', 'edit')),
        resolved_value TEXT,
        resolved_by TEXT,
        resolved_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sync_conflict_open ON sync_conflict (status, table_name, row_id);

      CREATE TABLE sync_rejection (
        mutation_id TEXT PRIMARY KEY,
        client_seq INTEGER NOT NULL,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        op TEXT NOT NULL,
        patch TEXT NOT NULL,
        at TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        rejected_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_batch_upload (
        batch_id TEXT PRIMARY KEY,
        queued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      ) STRICT;
      CREATE TRIGGER sync_queue_batch AFTER INSERT ON import_batch BEGIN
        INSERT INTO sync_batch_upload (batch_id) VALUES (NEW.id);
      END;
    `);
    queueExistingRows(db);
  },
};

function queueExistingRows(db: BetterSqlite3.Database) {
  const queue =
    db.prepare(`INSERT INTO sync_outbox (mutation_id, table_name, row_id, op, patch, base_version, at)
    VALUES (?, ?, ?, 'upsert', ?, 0, ?)`);
  // library before mapping_profile: a profile refers to its library, and the server applies in order.
  for (const table of editedTables) {
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY created_at, id`).all() as Record<
      string,
      unknown
    >[];
    for (const row of rows) {
      const { id, created_at, updated_at, ...fields } = row;
      queue.run(uuidv7(), table, id, JSON.stringify(fields), updated_at);
    }
  }
  db.exec('INSERT INTO sync_batch_upload (batch_id, queued_at) SELECT id, committed_at FROM import_batch');
}
