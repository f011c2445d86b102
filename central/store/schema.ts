import type { Generated } from 'kysely';

/** Kysely's view of the central database; kept in step with central/store/migrations. */
export interface UserTable {
  id: string;
  email: string;
  role: 'admin' | 'agent' | 'reader';
  password_hash: string;
  disabled_at: Date | null;
  created_at: Date;
  /** A reader granted patrons' personal data (sync/personal-data.ts); admins and agents always have it. */
  sees_personal_data: Generated<boolean>;
}

export interface RefreshTokenTable {
  id: string;
  family_id: string;
  user_id: string;
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

export interface AuthAuditTable {
  id: Generated<number>;
  at: Date;
  event: string;
  email: string | null;
  user_id: string | null;
  ip: string | null;
  detail: string | null;
}

export interface SyncCounterTable {
  id: number;
  value: number;
}

export interface SyncRowTable {
  table_name: string;
  row_id: string;
  version: number;
  deleted: boolean;
  /** JSON object of the row's columns (id included); `{}` for a tombstone. */
  data: unknown;
  /** JSON object: column → version that last wrote it. */
  field_versions: unknown;
  /** JSON object: column → { by, at } of the write that set its current value. */
  field_authors: Generated<unknown>;
  updated_by: string;
  updated_at: Date;
}

export interface SyncMutationTable {
  client_id: string;
  client_seq: number;
  mutation_id: string;
  user_id: string;
  result: unknown;
  at: Date;
}

export interface ImportChunkTable {
  batch_id: string;
  sha256: string;
  body: Uint8Array;
  rows: number;
  created_at: Date;
}

export interface ImportCommitTable {
  batch_id: string;
  result: unknown;
  user_id: string;
  at: Date;
}

export interface SyncAliasTable {
  table_name: string;
  row_id: string;
  target_id: string;
}

export interface MigrationTable {
  version: number;
  name: string;
  applied_at: Date;
}

/** A resource platform allowed to sign patrons in (access/platforms.ts). */
export interface AccessPlatformTable {
  client_id: string;
  name: string;
  /** JSON array of strings. */
  redirect_uris: unknown;
  secret_sha256: string;
  send_category: Generated<boolean>;
  send_age_band: Generated<boolean>;
  created_at: Date;
  created_by: string;
  removed_at: Date | null;
  removed_by: string | null;
  /** SAML 2.0 platforms only (migration 11): the SP entity ID and its one ACS URL; both or neither. */
  saml_entity_id: string | null;
  saml_acs_url: string | null;
}

export interface AccessPolicyTable {
  id: number;
  grace_days: number;
  /** JSON array of SIREN strings. */
  opened_epcis: unknown;
  updated_at: Date;
  updated_by: string;
}

/** One successful sign-in of a patron at a platform in a month ('YYYY-MM'): nothing more. */
export interface AccessActivityTable {
  patron_id: string;
  client_id: string;
  month: string;
}

/** oidc-provider's Adapter storage (access/oidc-adapter.ts). */
export interface OidcPayloadTable {
  kind: string;
  id: string;
  payload: unknown;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface CentralDatabase {
  app_user: UserTable;
  refresh_token: RefreshTokenTable;
  auth_audit: AuthAuditTable;
  sync_counter: SyncCounterTable;
  sync_row: SyncRowTable;
  sync_mutation: SyncMutationTable;
  sync_alias: SyncAliasTable;
  import_chunk: ImportChunkTable;
  import_commit: ImportCommitTable;
  central_migration: MigrationTable;
  access_platform: AccessPlatformTable;
  access_policy: AccessPolicyTable;
  access_activity: AccessActivityTable;
  oidc_payload: OidcPayloadTable;
}
