import type { Migration } from './migration.ts';

/**
 * What an import read each patron from, so a re-import knows an identical line without normalising it
 * again (electron/services/import/source-line.ts): the line's key (its mapped cells, the mapping and the
 * normalisation rules, hashed) and a digest of the values it gave. Local to this PC, never synced: a row
 * pulled, edited or undone since no longer matches its digest and goes the full path again.
 */
export const migration: Migration = {
  version: 16,
  name: 'patron-source',
  up(db) {
    db.exec(`
      CREATE TABLE patron_source (
        num INTEGER PRIMARY KEY REFERENCES patron (num) ON DELETE CASCADE,
        line_key TEXT NOT NULL,
        values_digest TEXT NOT NULL
      ) STRICT;
    `);
  },
};
