import type { Migration } from './migration.ts';

/**
 * Reference geography: EPCI, communes, membership and legal populations, each population tagged
 * with its millésime, basis and source so that vintages never mix.
 */
export const migration: Migration = {
  version: 1,
  name: 'reference-data',
  up(db) {
    db.exec(`
      CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE reference_import (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        millesime INTEGER NOT NULL,
        departement TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (source, departement)
      ) STRICT;

      CREATE TABLE epci (
        siren TEXT PRIMARY KEY CHECK (length(siren) = 9),
        name TEXT NOT NULL,
        type TEXT NOT NULL
      ) STRICT;

      CREATE TABLE commune (
        insee TEXT PRIMARY KEY CHECK (length(insee) = 5),
        name TEXT NOT NULL,
        departement TEXT NOT NULL
      ) STRICT;

      CREATE TABLE epci_membership (
        millesime INTEGER NOT NULL,
        commune_insee TEXT NOT NULL REFERENCES commune (insee),
        epci_siren TEXT NOT NULL REFERENCES epci (siren),
        PRIMARY KEY (millesime, commune_insee)
      ) STRICT;
      CREATE INDEX epci_membership_by_epci ON epci_membership (epci_siren, millesime);

      CREATE TABLE commune_population (
        commune_insee TEXT NOT NULL REFERENCES commune (insee),
        millesime INTEGER NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('municipale', 'totale', 'dgf')),
        population INTEGER NOT NULL CHECK (population >= 0),
        source TEXT NOT NULL,
        PRIMARY KEY (commune_insee, millesime, basis)
      ) STRICT;
    `);
  },
};
