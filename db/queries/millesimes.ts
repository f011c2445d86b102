import { type Kysely, sql } from 'kysely';
import { uuidv7 } from '../../shared/ids.ts';
import type { Database } from '../schema.ts';

/** The member communes (code and name) of a millésime's geography. */
export async function geographyCommunes(db: Kysely<Database>, millesime: number) {
  return db
    .selectFrom('epci_membership as m')
    .innerJoin('commune as c', 'c.insee', 'm.commune_insee')
    .select(['m.commune_insee as insee', sql<string>`coalesce(m.commune_name, c.name)`.as('name')])
    .where('m.millesime', '=', millesime)
    .orderBy('m.commune_insee')
    .execute();
}

/** Gives `target` the geography of `from` (membership and names), for a vintage that came without one. */
export async function copyGeography(db: Kysely<Database>, from: number, target: number) {
  await db
    .insertInto('epci_membership')
    .columns(['millesime', 'commune_insee', 'epci_siren', 'commune_name'])
    .expression((eb) =>
      eb
        .selectFrom('epci_membership')
        .select([sql.lit(target).as('millesime'), 'commune_insee', 'epci_siren', 'commune_name'])
        .where('millesime', '=', from),
    )
    .execute();
}

export async function writePopulation(
  db: Kysely<Database>,
  row: {
    insee: string;
    millesime: number;
    basis: 'municipale' | 'totale' | 'dgf';
    population: number;
    source: string;
  },
) {
  await db
    .insertInto('commune_population')
    .values({
      commune_insee: row.insee,
      millesime: row.millesime,
      basis: row.basis,
      population: row.population,
      source: row.source,
    })
    .onConflict((oc) =>
      oc
        .columns(['commune_insee', 'millesime', 'basis'])
        .doUpdateSet({ population: row.population, source: row.source }),
    )
    .execute();
}

export async function recordReferenceImport(
  db: Kysely<Database>,
  row: { source: string; millesime: number; departement: string; kind: 'insee' | 'dgf'; at: Date },
) {
  await db
    .insertInto('reference_import')
    .values({
      id: uuidv7(row.at.getTime()),
      source: row.source,
      millesime: row.millesime,
      departement: row.departement,
      imported_at: row.at.toISOString(),
      kind: row.kind,
    })
    .onConflict((oc) =>
      oc.columns(['source', 'departement']).doUpdateSet({ imported_at: row.at.toISOString() }),
    )
    .execute();
}
