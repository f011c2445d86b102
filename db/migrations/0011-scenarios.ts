import type { Migration } from './migration.ts';

/**
 * Contribution scenarios (named sets of hypothetical conventions per EPCI, with degressive bands), kept
 * until now in each browser's localStorage: a staff-edited, synced and audited table like the others, so a
 * scenario is backed up, reaches colleagues' PCs and the CLI. `conventions` is the scenario file's
 * JSON array, checked by shared/domain/contributions `scenarioSchema` before it is written.
 */
export const migration: Migration = {
  version: 11,
  name: 'scenarios',
  up(db) {
    db.exec(`
      CREATE TABLE scenario (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        author TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        conventions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(conventions) AND json_type(conventions) = 'array'),
        status TEXT NOT NULL DEFAULT 'brouillon' CHECK (status IN ('brouillon', 'presente', 'retenu')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX scenario_by_year ON scenario (year);
    `);
  },
};
