import type { Generated } from 'kysely';

/** The département's reference geography and the app's settings: rewritten by db/reference/, never edited by staff. */

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
