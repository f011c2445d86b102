import type { Migration } from './migration.ts';

/**
 * One or two letters typed in one library's list (the Lecteurs screen opened from a library) are a prefix
 * of its patrons' name keys: this index reads the thousand first of them in name order directly, where the
 * name-key index of every library passed over the other libraries' patrons first (a library holding a
 * fifth of 1,000,000 patrons: about five thousand entries looked at to keep a thousand).
 */
export const migration: Migration = {
  version: 17,
  name: 'patron-library-name',
  up(db) {
    db.exec(`
      CREATE INDEX patron_by_library_name ON patron (library_id, name_key);
    `);
  },
};
