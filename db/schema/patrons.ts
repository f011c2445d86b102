import type { Generated } from 'kysely';
import type { EditableColumns } from './collectivities.ts';

/** The patron registry, the imports that fill it, and the indexes a first sync sets aside. */

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
  /** See migration 20: local to this PC. */
  import_fingerprint: number | null;
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

/** A patron index a first sync dropped while it writes, to build again after its last page (migration 19). */
export interface DeferredIndexTable {
  name: string;
  sql: string;
}
