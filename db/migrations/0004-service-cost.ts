import type { Migration } from './migration.ts';

/**
 * What the service costs the Département each year, line by line (vendor, label, how it is priced, amount
 * in cents): with the contributions it gives the Département's share, cost per inhabitant covered and per
 * registered patron. Staff-edited, so sync-ready like the other edited tables.
 */
export const migration: Migration = {
  version: 4,
  name: 'service-cost',
  up(db) {
    db.exec(`
      CREATE TABLE service_cost (
        id TEXT PRIMARY KEY,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        vendor TEXT NOT NULL,
        label TEXT NOT NULL,
        pricing TEXT NOT NULL CHECK (pricing IN ('flat', 'population_band', 'per_patron', 'per_credit')),
        amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX service_cost_by_year ON service_cost (year);
    `);
  },
};
