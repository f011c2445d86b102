import type { Migration } from './migration.ts';

/**
 * What else a commune is called and found by: its postal codes, and the names of the former communes it
 * took in (a commune nouvelle's communes déléguées, a fusion's communes associées, the commune's own name
 * before a renaming). Both are reference data, rewritten by db/reference/ from the package that ships
 * with the app, for the communes the app knows; nothing else writes them and nothing syncs them.
 */
export const migration: Migration = {
  version: 10,
  name: 'commune-aliases',
  up(db) {
    db.exec(`
      CREATE TABLE commune_postal_code (
        postal_code TEXT NOT NULL CHECK (length(postal_code) = 5),
        commune_insee TEXT NOT NULL REFERENCES commune (insee),
        PRIMARY KEY (postal_code, commune_insee)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX commune_postal_code_by_commune ON commune_postal_code (commune_insee);

      CREATE TABLE commune_former_name (
        -- Today's commune.
        commune_insee TEXT NOT NULL REFERENCES commune (insee),
        -- The former commune's code (a commune nouvelle often keeps its chef-lieu's) and name.
        former_insee TEXT NOT NULL CHECK (length(former_insee) = 5),
        name TEXT NOT NULL CHECK (length(name) > 0),
        kind TEXT NOT NULL CHECK (kind IN ('delegated', 'associated', 'merged', 'renamed')),
        PRIMARY KEY (commune_insee, former_insee, name)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
