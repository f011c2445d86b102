import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import { listCommuneAliases } from './communes.ts';

export interface EpciRow {
  siren: string;
  name: string;
  type: string;
  communes: number;
  municipale: number;
  totale: number;
}

export interface MemberRow {
  insee: string;
  name: string;
  departement: string;
  municipale: number;
  totale: number;
}

const frenchOrder = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Legal population of one basis for the membership row's commune and millésime. */
function population(basis: 'municipale' | 'totale') {
  return sql<number>`(select p.population from commune_population p
    where p.commune_insee = m.commune_insee and p.millesime = m.millesime and p.basis = ${basis})`;
}

/** The EPCI with at least one member commune in `departement` in `millesime`'s geography. */
function epciOfDepartement(db: Kysely<Database>, departement: string, millesime: number) {
  return db
    .selectFrom('epci_membership as dm')
    .innerJoin('commune as dc', 'dc.insee', 'dm.commune_insee')
    .select('dm.epci_siren')
    .where('dm.millesime', '=', millesime)
    .where('dc.departement', '=', departement);
}

/** EPCI having at least one member commune in `departement` for `millesime`, with member counts and population sums. */
export async function listEpci(
  db: Kysely<Database>,
  departement: string,
  millesime: number,
): Promise<EpciRow[]> {
  const rows = await db
    .selectFrom('epci_membership as m')
    .innerJoin('epci as e', 'e.siren', 'm.epci_siren')
    .select((eb) => [
      'e.siren',
      'e.name',
      'e.type',
      eb.fn.countAll<number>().as('communes'),
      eb.fn.coalesce(eb.fn.sum<number>(population('municipale')), sql<number>`0`).as('municipale'),
      eb.fn.coalesce(eb.fn.sum<number>(population('totale')), sql<number>`0`).as('totale'),
    ])
    .where('m.millesime', '=', millesime)
    .where('m.epci_siren', 'in', epciOfDepartement(db, departement, millesime))
    .groupBy(['e.siren', 'e.name', 'e.type'])
    .execute();
  return rows.sort((a, b) => frenchOrder.compare(a.name, b.name));
}

export async function findEpci(db: Kysely<Database>, siren: string) {
  return db
    .selectFrom('epci')
    .select(['siren', 'name', 'type'])
    .where('siren', '=', siren)
    .executeTakeFirst();
}

export async function listMembers(
  db: Kysely<Database>,
  siren: string,
  millesime: number,
): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom('epci_membership as m')
    .innerJoin('commune as c', 'c.insee', 'm.commune_insee')
    .select([
      'c.insee',
      sql<string>`coalesce(m.commune_name, c.name)`.as('name'),
      'c.departement',
      sql<number>`coalesce(${population('municipale')}, 0)`.as('municipale'),
      sql<number>`coalesce(${population('totale')}, 0)`.as('totale'),
    ])
    .where('m.epci_siren', '=', siren)
    .where('m.millesime', '=', millesime)
    .execute();
  return rows.sort((a, b) => frenchOrder.compare(a.name, b.name));
}

/** Whether the EPCI has at least one member commune in `departement` in `millesime`'s geography. */
export async function epciHasCommuneIn(
  db: Kysely<Database>,
  siren: string,
  departement: string,
  millesime: number,
) {
  const row = await db
    .selectFrom('epci_membership as m')
    .innerJoin('commune as c', 'c.insee', 'm.commune_insee')
    .select('m.commune_insee')
    .where('m.epci_siren', '=', siren)
    .where('m.millesime', '=', millesime)
    .where('c.departement', '=', departement)
    .executeTakeFirst();
  return row !== undefined;
}

/** The EPCI a commune belongs to in `millesime`'s geography, with the commune's name then. */
export async function communeMembership(db: Kysely<Database>, insee: string, millesime: number) {
  return db
    .selectFrom('epci_membership as m')
    .innerJoin('commune as c', 'c.insee', 'm.commune_insee')
    .select(['m.epci_siren', sql<string>`coalesce(m.commune_name, c.name)`.as('name')])
    .where('m.commune_insee', '=', insee)
    .where('m.millesime', '=', millesime)
    .executeTakeFirst();
}

/**
 * Every member commune of the département's EPCI in `millesime`'s geography, for pickers, with its postal
 * codes and the former communes it took in or was called (what a picker also finds it by).
 */
export async function listGeographyCommunes(db: Kysely<Database>, departement: string, millesime: number) {
  const { postalCodes, formerNames } = await listCommuneAliases(db);
  const rows = await db
    .selectFrom('epci_membership as m')
    .innerJoin('commune as c', 'c.insee', 'm.commune_insee')
    .innerJoin('epci as e', 'e.siren', 'm.epci_siren')
    .select([
      'c.insee',
      sql<string>`coalesce(m.commune_name, c.name)`.as('name'),
      'c.departement',
      'e.siren as epci',
      'e.name as epciName',
    ])
    .where('m.millesime', '=', millesime)
    .where('m.epci_siren', 'in', epciOfDepartement(db, departement, millesime))
    .execute();
  return rows
    .sort((a, b) => frenchOrder.compare(a.name, b.name))
    .map((row) => ({
      ...row,
      postalCodes: postalCodes.get(row.insee) ?? [],
      formerNames: formerNames.get(row.insee) ?? [],
    }));
}
