import type { Generated } from 'kysely';

/** Kysely's view of the SQLite schema; kept in step with db/migrations by the migration tests. */
export interface SettingTable {
  key: string;
  value: string;
}

export interface ReferenceImportTable {
  id: string;
  source: string;
  millesime: number;
  departement: string;
  imported_at: string;
  kind: Generated<'reference' | 'insee' | 'dgf'>;
}

export interface EpciTable {
  siren: string;
  name: string;
  type: string;
}

export interface CommuneTable {
  insee: string;
  name: string;
  departement: string;
}

export interface EpciMembershipTable {
  millesime: number;
  commune_insee: string;
  epci_siren: string;
  /** The commune's name in that vintage (communes are renamed and merged). */
  commune_name: string | null;
}

/** A commune's postal codes (reference data, rewritten by db/reference/). */
export interface CommunePostalCodeTable {
  postal_code: string;
  commune_insee: string;
}

/** A former commune's name, and today's commune that took it in (reference data, see migration 10). */
export interface CommuneFormerNameTable {
  commune_insee: string;
  former_insee: string;
  name: string;
  kind: 'delegated' | 'associated' | 'merged' | 'renamed';
}

export interface CommunePopulationTable {
  commune_insee: string;
  millesime: number;
  basis: 'municipale' | 'totale' | 'dgf';
  population: number;
  source: string;
}

/** Columns every staff-edited table has; db/write.ts fills them. */
export interface EditableColumns {
  id: string;
  created_at: string;
  updated_at: string;
}

export interface EpciFollowupTable extends EditableColumns {
  epci_siren: string;
  status: string;
  next_action: string;
  next_action_due: string | null;
}

export interface EpciEventTable extends EditableColumns {
  epci_siren: string;
  kind: 'status' | 'note';
  from_status: string | null;
  to_status: string | null;
  note: string;
  at: string;
  by: string;
}

export interface ContactTable extends EditableColumns {
  epci_siren: string;
  name: string;
  role: string;
  email: string;
  phone: string;
}

export interface ConventionTable extends EditableColumns {
  epci_siren: string;
  reference: string;
  signed_on: string | null;
  start_on: string;
  end_on: string | null;
  rate_e4: number;
  basis: 'municipale' | 'totale' | 'dgf';
  millesime: number;
  perimeter: 'epci' | 'departement';
  prorata: 'days' | 'months' | 'none';
  floor_cents: number | null;
  cap_cents: number | null;
  /** Degressive bands as JSON (db/migrations/0012-convention-bands.ts); null: one rate. */
  bands: string | null;
  document_name: string | null;
  document_sha256: string | null;
  document_size: number | null;
}

export interface LibraryTable extends EditableColumns {
  code: string;
  name: string;
  kind: string;
  commune_insee: string;
  ils: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  participating: number;
  participating_since: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  entity: string;
  entity_id: string;
  action: 'create' | 'update' | 'delete';
  field: string | null;
  before: string | null;
  after: string | null;
  epci_siren: string | null;
  library_id: string | null;
}

export interface ServiceCostTable extends EditableColumns {
  year: number;
  vendor: string;
  label: string;
  pricing: 'flat' | 'population_band' | 'per_patron' | 'per_credit';
  amount_cents: number;
}

export type ScenarioStatus = 'brouillon' | 'presente' | 'retenu';

/** A contribution scenario (db/migrations/0011-scenarios.ts); `conventions` is the scenario file's JSON array. */
export interface ScenarioTable extends EditableColumns {
  name: string;
  year: number;
  author: string;
  notes: string;
  conventions: string;
  status: ScenarioStatus;
}

/** One change not yet acknowledged by the central service (db/migrations/0005-sync.ts). */
export interface SyncOutboxTable {
  client_seq: Generated<number>;
  mutation_id: string;
  table_name: string;
  row_id: string;
  op: 'upsert' | 'delete';
  /** JSON object of the changed fields (all fields on creation, `{}` for a delete). */
  patch: string;
  base_version: number;
  at: string;
  /** Set once a push carried it: from then on its content is frozen (the server may hold it). */
  sent: Generated<number>;
}

export interface SyncVersionTable {
  table_name: string;
  row_id: string;
  version: number;
  /** JSON of the row as last pulled (synced tables only; null for a tombstone or a pulled-only table). */
  data: string | null;
}

export interface SyncStateTable {
  id: number;
  client_id: string;
  server_url: string | null;
  user_id: string | null;
  user_email: string | null;
  user_role: string | null;
  cursor: Generated<number>;
  last_sync_at: string | null;
  last_error_code: string | null;
  last_error: string | null;
  /** While a snapshot is applied page by page: the version of its first attempt (migration 6). */
  snapshot_from: number | null;
  snapshot_rows: Generated<number>;
}

/** A conflict on a review field, mirrored from the server; resolving it is an edit synced like others. */
export interface SyncConflictTable extends EditableColumns {
  table_name: string;
  row_id: string;
  field: string;
  server_value: string;
  client_value: string;
  server_by: string;
  server_at: string;
  client_by: string;
  client_at: string;
  status: 'open' | 'resolved';
  resolution: 'mine' | 'theirs' | 'edit' | null;
  resolved_value: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface SyncRejectionTable {
  mutation_id: string;
  client_seq: number;
  table_name: string;
  row_id: string;
  op: string;
  patch: string;
  at: string;
  code: string;
  reason: string;
  rejected_at: string;
}

/** A patron change set waiting for upload (migration 6): an import, an undo, duplicate decisions, a purge. */
export interface SyncPatronUploadTable {
  seq: Generated<number>;
  change_id: string;
  kind: 'import' | 'undo' | 'duplicates' | 'purge';
  batch_id: string | null;
  queued_at: Generated<string>;
}

/** A patron a queued change set touched: `deleted` ones are gone, the others go as they stand at upload. */
export interface SyncPatronUploadRowTable {
  change_id: string;
  patron_id: string;
  deleted: number;
}

/** Tables staff edit, all written through db/write.ts. */
export interface EditableTables {
  epci_followup: EpciFollowupTable;
  epci_event: EpciEventTable;
  contact: ContactTable;
  convention: ConventionTable;
  library: LibraryTable;
  mapping_profile: MappingProfileTable;
  service_cost: ServiceCostTable;
  scenario: ScenarioTable;
  sync_conflict: SyncConflictTable;
}

export interface PatronTable {
  num: Generated<number>;
  id: string;
  library_id: string;
  card_number: string;
  last_name: string;
  first_name: string | null;
  birth_date: string | null;
  birth_year: number | null;
  email: string | null;
  postal_code: string | null;
  commune_insee: string | null;
  commune_name: string | null;
  registered_on: string | null;
  expires_on: string | null;
  category: string | null;
  registered: number;
  name_key: string;
  duplicate_of: string | null;
  duplicate_status: 'possible' | 'confirmed' | 'distinct' | null;
  created_batch: string | null;
  created_at: string;
  updated_at: string;
}

export interface MappingProfileTable extends EditableColumns {
  library_id: string;
  name: string;
  mapping: string;
  encoding: string | null;
}

export interface ImportBatchTable extends EditableColumns {
  library_id: string;
  file_name: string;
  file_sha256: string;
  mode: 'incremental' | 'full';
  actor: string;
  committed_at: string;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  possible_duplicates: number;
  unregistered: number;
  undone_at: string | null;
  undone_by: string | null;
  report: string;
}

export interface ImportChangeTable {
  batch_id: string;
  patron_id: string;
  action: 'update' | 'unregister';
  prior: string | null;
  stamp: string;
}

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

/** A patron index a first sync dropped while it writes, to build again after its last page (migration 19). */
export interface DeferredIndexTable {
  name: string;
  sql: string;
}

export interface Database extends EditableTables {
  patron: PatronTable;
  import_batch: ImportBatchTable;
  import_change: ImportChangeTable;
  audit_log: AuditLogTable;
  setting: SettingTable;
  reference_import: ReferenceImportTable;
  epci: EpciTable;
  commune: CommuneTable;
  epci_membership: EpciMembershipTable;
  commune_population: CommunePopulationTable;
  commune_postal_code: CommunePostalCodeTable;
  commune_former_name: CommuneFormerNameTable;
  sync_outbox: SyncOutboxTable;
  sync_version: SyncVersionTable;
  sync_state: SyncStateTable;
  sync_rejection: SyncRejectionTable;
  sync_patron_upload: SyncPatronUploadTable;
  sync_patron_upload_row: SyncPatronUploadRowTable;
  access_activity: AccessActivityTable;
  usage_import: UsageImportTable;
  usage_month: UsageMonthTable;
  usage_replaced: UsageReplacedTable;
  usage_sushi_source: UsageSushiSourceTable;
  deferred_index: DeferredIndexTable;
}
