import type {
  AuditLogTable,
  ContactTable,
  ConventionTable,
  EpciEventTable,
  EpciFollowupTable,
  LibraryTable,
  ScenarioTable,
  ServiceCostTable,
} from './schema/collectivities.ts';
import type {
  DeferredIndexTable,
  ImportBatchTable,
  ImportChangeTable,
  MappingProfileTable,
  PatronTable,
} from './schema/patrons.ts';
import type {
  CommuneFormerNameTable,
  CommunePopulationTable,
  CommunePostalCodeTable,
  CommuneTable,
  EpciMembershipTable,
  EpciTable,
  ReferenceImportTable,
  SettingTable,
} from './schema/reference.ts';
import type {
  SyncConflictTable,
  SyncOutboxTable,
  SyncPatronUploadRowTable,
  SyncPatronUploadTable,
  SyncRejectionTable,
  SyncStateTable,
  SyncVersionTable,
} from './schema/sync.ts';
import type {
  AccessActivityTable,
  UsageImportTable,
  UsageMonthTable,
  UsageReplacedTable,
  UsageSushiSourceTable,
} from './schema/usage.ts';

export type * from './schema/collectivities.ts';
export type * from './schema/patrons.ts';
export type * from './schema/reference.ts';
export type * from './schema/sync.ts';
export type * from './schema/usage.ts';

/**
 * Kysely's view of the SQLite schema, one file per subject under db/schema/; kept in step with db/migrations
 * by tests/integration/schema-guard.test.ts.
 */

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
