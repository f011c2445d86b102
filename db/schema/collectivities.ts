/** What staff edit about the collectivities (all through db/write.ts, with the audit trail), and the audit trail itself. */

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
