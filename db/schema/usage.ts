import type { Generated } from 'kysely';

/** Usage: active patrons pulled from the central service and vendors' COUNTER reports (local to this PC). */

/** Active patrons pulled from the central service (migration 13), local: one row per year, scope and key. */
export interface AccessActivityTable {
  year: number;
  scope: 'departement' | 'library' | 'platform' | 'month';
  key: string;
  label: string | null;
  active: number;
  fetched_at: string;
}

/** An imported COUNTER usage report (migration 14, local to this PC). */
export interface UsageImportTable {
  id: string;
  file_name: string;
  file_sha256: string;
  release: '5' | '5.1';
  report_id: string;
  report_kind: 'PR' | 'DR' | 'TR';
  /** JSON array of platform names. */
  platforms: string;
  institution: string | null;
  first_month: string;
  last_month: string;
  rows: number;
  total: number;
  replaced: number;
  actor: string;
  committed_at: string;
  undone_at: string | null;
  undone_by: string | null;
}

/** A usage figure in force: platform × report family × item × metric × month. */
export interface UsageMonthTable {
  platform: string;
  report_kind: 'PR' | 'DR' | 'TR';
  item: Generated<string>;
  metric: string;
  month: string;
  count: number;
  batch_id: string;
}

/** A figure an import replaced, kept for its undo. */
export interface UsageReplacedTable {
  batch_id: string;
  prior_batch_id: string;
  platform: string;
  report_kind: 'PR' | 'DR' | 'TR';
  item: string;
  metric: string;
  month: string;
  count: number;
}

/** A vendor's SUSHI endpoint (migration 15, local); its secrets are in the SecretStore, never here. */
export interface UsageSushiSourceTable {
  id: string;
  /** The platform's name as staff file it: the figures fetched are filed under it. */
  name: string;
  base_url: string;
  customer_id: string;
  /** JSON array of report families fetched: 'PR', 'DR', 'TR'. */
  reports: string;
  created_at: string;
  updated_at: string;
}
