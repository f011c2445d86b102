import type { Migration } from './migration.ts';

/**
 * What staff edit: onboarding follow-up, its timeline, contacts, conventions, member libraries, and the
 * audit log of every change. Edited tables are sync-ready: UUIDv7 ids born on the PC that creates the
 * row, created/updated timestamps, and all writes go through db/write.ts (where the sync outbox hooks in).
 * Reference data gains per-vintage commune names and the kind of each data set.
 */
export const migration: Migration = {
  version: 2,
  name: 'collectivities',
  up(db) {
    db.exec(`
      ALTER TABLE epci_membership ADD COLUMN commune_name TEXT;
      ALTER TABLE reference_import ADD COLUMN kind TEXT NOT NULL DEFAULT 'reference'
        CHECK (kind IN ('reference', 'insee', 'dgf'));

      CREATE TABLE epci_followup (
        id TEXT PRIMARY KEY,
        epci_siren TEXT NOT NULL UNIQUE REFERENCES epci (siren),
        status TEXT NOT NULL CHECK (status IN ('not_contacted', 'in_discussion', 'convention_drafted',
          'convention_signed', 'active', 'suspended', 'left')),
        next_action TEXT NOT NULL DEFAULT '',
        next_action_due TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE epci_event (
        id TEXT PRIMARY KEY,
        epci_siren TEXT NOT NULL REFERENCES epci (siren),
        kind TEXT NOT NULL CHECK (kind IN ('status', 'note')),
        from_status TEXT,
        to_status TEXT,
        note TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (kind = 'note' OR to_status IS NOT NULL)
      ) STRICT;
      CREATE INDEX epci_event_by_epci ON epci_event (epci_siren, at);

      CREATE TABLE contact (
        id TEXT PRIMARY KEY,
        epci_siren TEXT NOT NULL REFERENCES epci (siren),
        name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX contact_by_epci ON contact (epci_siren);

      CREATE TABLE convention (
        id TEXT PRIMARY KEY,
        epci_siren TEXT NOT NULL REFERENCES epci (siren),
        reference TEXT NOT NULL DEFAULT '',
        signed_on TEXT,
        start_on TEXT NOT NULL,
        end_on TEXT,
        rate_e4 INTEGER NOT NULL CHECK (rate_e4 >= 0),
        basis TEXT NOT NULL CHECK (basis IN ('municipale', 'totale', 'dgf')),
        millesime INTEGER NOT NULL,
        perimeter TEXT NOT NULL CHECK (perimeter IN ('epci', 'departement')),
        prorata TEXT NOT NULL CHECK (prorata IN ('days', 'months', 'none')),
        floor_cents INTEGER CHECK (floor_cents >= 0),
        cap_cents INTEGER CHECK (cap_cents >= 0),
        document_name TEXT,
        document_sha256 TEXT,
        document_size INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (end_on IS NULL OR end_on >= start_on)
      ) STRICT;
      CREATE INDEX convention_by_epci ON convention (epci_siren, start_on);

      CREATE TABLE library (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('mediatheque', 'bibliotheque', 'point_lecture')),
        commune_insee TEXT NOT NULL REFERENCES commune (insee),
        ils TEXT NOT NULL,
        contact_name TEXT NOT NULL DEFAULT '',
        contact_email TEXT NOT NULL DEFAULT '',
        contact_phone TEXT NOT NULL DEFAULT '',
        participating INTEGER NOT NULL DEFAULT 0 CHECK (participating IN (0, 1)),
        participating_since TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX library_by_commune ON library (commune_insee);

      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
        field TEXT,
        before TEXT,
        after TEXT,
        epci_siren TEXT,
        library_id TEXT
      ) STRICT;
      CREATE INDEX audit_log_by_at ON audit_log (at);
      CREATE INDEX audit_log_by_epci ON audit_log (epci_siren, at);
      CREATE INDEX audit_log_by_library ON audit_log (library_id, at);
    `);
  },
};
