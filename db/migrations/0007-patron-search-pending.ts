import type { Migration } from './migration.ts';

/**
 * The trigram search index of an import's new patrons is written in a transaction of its own, right
 * after the batch's (the rows, the batch and its undo records stay one transaction). The batch's
 * transaction records here which patrons still wait for the index — their `num` range, contiguous
 * because one transaction inserted them — and the index's transaction removes the line. A line left
 * by a process that stopped in between is finished at the next start.
 */
export const migration: Migration = {
  version: 7,
  name: 'patron-search-pending',
  up(db) {
    db.exec(`
      CREATE TABLE patron_search_pending (
        batch_id TEXT PRIMARY KEY,
        first_num INTEGER NOT NULL,
        last_num INTEGER NOT NULL,
        -- The batch's time: a row changed since (re-indexed by whoever changed it) is left alone.
        stamp TEXT NOT NULL
      ) STRICT;
    `);
  },
};
