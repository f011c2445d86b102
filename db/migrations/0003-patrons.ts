import type { Migration } from './migration.ts';

/**
 * The patron registry fed by library imports. Only what the service needs is stored (RGPD): card,
 * names, birth date or year, e-mail, postal code and commune, registration dates, category.
 * Every import is a batch: the rows it created carry its id, and `import_change` keeps the prior values
 * of the rows it updated or unregistered, so that it can be undone. `patron_search` is a trigram index over folded names, card and e-mail for instant search.
 */
export const migration: Migration = {
  version: 3,
  name: 'patrons',
  up(db) {
    db.exec(`
      -- num is the stable integer key of the search index (a rowid alias survives VACUUM); id is the synced key.
      CREATE TABLE patron (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        library_id TEXT NOT NULL REFERENCES library (id),
        card_number TEXT NOT NULL,
        last_name TEXT NOT NULL,
        first_name TEXT,
        birth_date TEXT,
        birth_year INTEGER,
        email TEXT,
        postal_code TEXT,
        commune_insee TEXT,
        commune_name TEXT,
        registered_on TEXT,
        expires_on TEXT,
        category TEXT,
        registered INTEGER NOT NULL DEFAULT 1 CHECK (registered IN (0, 1)),
        name_key TEXT NOT NULL,
        duplicate_of TEXT,
        duplicate_status TEXT CHECK (duplicate_status IN ('possible', 'confirmed', 'distinct')),
        -- The import that created the row (its undo removes it), null for rows born elsewhere.
        created_batch TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (library_id, card_number)
      ) STRICT;
      CREATE INDEX patron_by_person ON patron (name_key, birth_date);
      CREATE INDEX patron_by_duplicate ON patron (duplicate_status) WHERE duplicate_status IS NOT NULL;
      -- No index on expires_on or created_batch: purge and undo are rare and scan; every import pays for an index.

      CREATE VIRTUAL TABLE patron_search USING fts5 (
        text, content = '', contentless_delete = 1, tokenize = 'trigram'
      );

      CREATE TABLE mapping_profile (
        id TEXT PRIMARY KEY,
        library_id TEXT NOT NULL REFERENCES library (id),
        name TEXT NOT NULL,
        mapping TEXT NOT NULL,
        encoding TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (library_id, name)
      ) STRICT;

      CREATE TABLE import_batch (
        id TEXT PRIMARY KEY,
        library_id TEXT NOT NULL REFERENCES library (id),
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('incremental', 'full')),
        actor TEXT NOT NULL,
        committed_at TEXT NOT NULL,
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        rejected INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        possible_duplicates INTEGER NOT NULL,
        unregistered INTEGER NOT NULL,
        undone_at TEXT,
        undone_by TEXT,
        -- Rejected and warned rows with their reasons, as the report shows them (no other patron data).
        report TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE import_change (
        batch_id TEXT NOT NULL REFERENCES import_batch (id),
        patron_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('update', 'unregister')),
        prior TEXT,
        stamp TEXT NOT NULL,
        PRIMARY KEY (batch_id, patron_id)
      ) STRICT;
    `);
  },
};
