import type { Migration } from './migration.ts';

/**
 * A re-import brings back, line for line, what the library sent last time: 90 % of its rows are the very
 * same cells. `import_fingerprint` is a hash of the cells a patron was last imported from together with the
 * values then stored (electron/services/import/line-fingerprint.ts): a row of the next file that hashes to it
 * with the patron's current values is known to normalise to them, so its normalisation is skipped. Local
 * to this PC (never sent by the sync), and nullable: a patron written otherwise simply has none.
 */
export const migration: Migration = {
  version: 20,
  name: 'import-fingerprint',
  up(db) {
    db.exec('ALTER TABLE patron ADD COLUMN import_fingerprint INTEGER;');
  },
};
