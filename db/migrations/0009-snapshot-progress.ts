import type { Migration } from './migration.ts';

/**
 * How many snapshot rows the pages of an unfinished first sync have written. Each page checks it before
 * writing: a database restored from a backup in the middle of a snapshot (or changed under the sync by
 * another process) no longer holds what the earlier pages wrote, and finishing on top of it would leave
 * those rows missing for good. The sync then starts again from what the file holds.
 */
export const migration: Migration = {
  version: 9,
  name: 'snapshot-progress',
  up(db) {
    db.exec('ALTER TABLE sync_state ADD COLUMN snapshot_rows INTEGER NOT NULL DEFAULT 0');
  },
};
