import type { Generated } from 'kysely';
import type { EditableColumns } from './collectivities.ts';

/** The sync engine's local state: the outbox, the cursor, conflicts, rejections and queued patron change sets. */

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
