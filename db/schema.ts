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
}

export interface CommunePopulationTable {
  commune_insee: string;
  millesime: number;
  basis: 'municipale' | 'totale' | 'dgf';
  population: number;
  source: string;
}

export interface Database {
  setting: SettingTable;
  reference_import: ReferenceImportTable;
  epci: EpciTable;
  commune: CommuneTable;
  epci_membership: EpciMembershipTable;
  commune_population: CommunePopulationTable;
}
