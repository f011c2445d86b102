import type { Migration } from './migration.ts';

/**
 * The vendors' SUSHI endpoints staff fetch usage reports from (COUNTER_SUSHI5 API). Local to this PC, like
 * the figures. Only what is not secret lives here: the requestor id and API key are kept by the SecretStore
 * (the OS keychain on the desktop, a user-only file elsewhere), never in the database file.
 */
export const migration: Migration = {
  version: 15,
  name: 'usage-sushi',
  up(db) {
    db.exec(`
      CREATE TABLE usage_sushi_source (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        base_url TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        reports TEXT NOT NULL CHECK (json_valid(reports) AND json_type(reports) = 'array'),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
