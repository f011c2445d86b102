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

/** Tables staff edit, all written through db/write.ts. */
export interface EditableTables {
  epci_followup: EpciFollowupTable;
  epci_event: EpciEventTable;
  contact: ContactTable;
  convention: ConventionTable;
  library: LibraryTable;
  mapping_profile: MappingProfileTable;
  service_cost: ServiceCostTable;
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
}
