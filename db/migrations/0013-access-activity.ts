import type { Migration } from './migration.ts';

/**
 * Active patrons (« inscrits numériques actifs ») as the central service counted them from sign-ins
 * (shared/sync/access.ts `activitySchema`), pulled by this PC for its indicators and the financing
 * workbook. Local and never synced: each PC pulls the same figures, which only the central service can
 * count (it alone sees sign-ins). Counts only — the desktop never learns who signed in.
 *
 * One row per (year, scope, key): scope `departement` (key '': distinct patrons over the whole
 * département, not a sum), `library` (key: library id — a patron counts at the library they belong to),
 * `platform` (key: client id, `label` its name), `month` (key '1'…'12'). A year's rows are replaced
 * together, so `fetched_at` is the same on all of them and the `departement` row says when they came.
 */
export const migration: Migration = {
  version: 13,
  name: 'access-activity',
  up(db) {
    db.exec(`
      CREATE TABLE access_activity (
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        scope TEXT NOT NULL CHECK (scope IN ('departement', 'library', 'platform', 'month')),
        key TEXT NOT NULL,
        label TEXT,
        active INTEGER NOT NULL CHECK (active >= 0),
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (year, scope, key)
      ) STRICT;
    `);
  },
};
