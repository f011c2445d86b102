import type { Migration } from './migration.ts';

/**
 * Vendors' COUNTER usage reports (shared/domain/usage/). Local to this PC for now — nothing here is in
 * the sync protocol; sending usage to the central service is a later step.
 * - `usage_import`: one row per imported file (its hash, release, report, platforms, period, who, when,
 *   undone when);
 * - `usage_month`: the figures in force, one per platform, report family, item (database or title, ''
 *   for a platform report), metric and month; `batch_id` says which import brought it;
 * - `usage_replaced`: the figures an import replaced (the same platform, family and months imported
 *   again), kept so undoing it puts them back.
 */
export const migration: Migration = {
  version: 14,
  name: 'usage',
  up(db) {
    db.exec(`
      CREATE TABLE usage_import (
        id TEXT PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        release TEXT NOT NULL CHECK (release IN ('5', '5.1')),
        report_id TEXT NOT NULL,
        report_kind TEXT NOT NULL CHECK (report_kind IN ('PR', 'DR', 'TR')),
        platforms TEXT NOT NULL CHECK (json_valid(platforms) AND json_type(platforms) = 'array'),
        institution TEXT,
        first_month TEXT NOT NULL,
        last_month TEXT NOT NULL,
        rows INTEGER NOT NULL,
        total INTEGER NOT NULL,
        replaced INTEGER NOT NULL,
        actor TEXT NOT NULL,
        committed_at TEXT NOT NULL,
        undone_at TEXT,
        undone_by TEXT
      );

      CREATE TABLE usage_month (
        platform TEXT NOT NULL,
        report_kind TEXT NOT NULL CHECK (report_kind IN ('PR', 'DR', 'TR')),
        item TEXT NOT NULL DEFAULT '',
        metric TEXT NOT NULL,
        month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
        count INTEGER NOT NULL CHECK (count >= 0),
        batch_id TEXT NOT NULL REFERENCES usage_import(id),
        PRIMARY KEY (platform, report_kind, item, metric, month)
      );
      -- A rowid table and no index by month: a big title report (180,000 figures) is written three times
      -- faster so, and a year's totals read the whole table in a fraction of a second anyway.
      CREATE INDEX usage_month_batch ON usage_month(batch_id);

      CREATE TABLE usage_replaced (
        batch_id TEXT NOT NULL REFERENCES usage_import(id),
        prior_batch_id TEXT NOT NULL REFERENCES usage_import(id),
        platform TEXT NOT NULL,
        report_kind TEXT NOT NULL,
        item TEXT NOT NULL,
        metric TEXT NOT NULL,
        month TEXT NOT NULL,
        count INTEGER NOT NULL
      );
      CREATE INDEX usage_replaced_batch ON usage_replaced(batch_id);
      CREATE INDEX usage_replaced_prior ON usage_replaced(prior_batch_id);
    `);
  },
};
