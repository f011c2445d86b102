import type { Migration } from './migration.ts';

/**
 * A fresh PC's first sync writes 200,000 patrons into an empty table: keeping its five secondary indexes
 * up to date row by row took a third of the writing; building them once after the last page takes a
 * tenth. The first page's transaction copies each index's definition here and drops it; the last page's
 * transaction builds them again and empties the table. A sync that stops in between leaves them here,
 * built again at the next start or when the pull fails (db/queries/deferred-indexes.ts).
 */
export const migration: Migration = {
  version: 19,
  name: 'deferred-index',
  up(db) {
    db.exec(`
      CREATE TABLE deferred_index (
        name TEXT PRIMARY KEY,
        sql TEXT NOT NULL
      ) STRICT;
    `);
  },
};
