import { type Kysely, sql } from 'kysely';
import type { PopulationBasis } from '../../shared/domain/epci.ts';
import type { Database } from '../schema.ts';

export interface PopulationFigure {
  /** Sum over the communes in the perimeter, or null when a figure is missing for one of them. */
  value: number | null;
  communes: number;
  /** Communes in the perimeter without a figure for this basis and millésime. */
  missing: number;
}

/**
 * An EPCI's population for one basis and millésime, over its membership *of that millésime* (communes
 * merged or renamed later do not change it), within the perimeter: the whole EPCI or its communes in
 * `departement` only.
 */
export async function epciPopulation(
  db: Kysely<Database>,
  query: {
    siren: string;
    millesime: number;
    basis: PopulationBasis;
    perimeter: 'epci' | 'departement';
    departement: string;
  },
): Promise<PopulationFigure> {
  const row = await db
    .selectFrom('epci_membership as m')
    .innerJoin('commune as c', 'c.insee', 'm.commune_insee')
    .leftJoin('commune_population as p', (join) =>
      join
        .onRef('p.commune_insee', '=', 'm.commune_insee')
        .onRef('p.millesime', '=', 'm.millesime')
        .on('p.basis', '=', query.basis),
    )
    .select((eb) => [
      eb.fn.countAll<number>().as('communes'),
      eb.fn.coalesce(eb.fn.sum<number>('p.population'), sql<number>`0`).as('total'),
      sql<number>`coalesce(sum(case when p.population is null then 1 else 0 end), 0)`.as('missing'),
    ])
    .where('m.epci_siren', '=', query.siren)
    .where('m.millesime', '=', query.millesime)
    .$if(query.perimeter === 'departement', (qb) => qb.where('c.departement', '=', query.departement))
    .executeTakeFirstOrThrow();
  const complete = row.communes > 0 && row.missing === 0;
  return { value: complete ? row.total : null, communes: row.communes, missing: row.missing };
}

/** Sum of one basis over the département's own communes, for one millésime. */
export async function departementPopulation(
  db: Kysely<Database>,
  departement: string,
  millesime: number,
  basis: PopulationBasis,
) {
  const row = await db
    .selectFrom('epci_membership as m')
    .innerJoin('commune as c', 'c.insee', 'm.commune_insee')
    .innerJoin('commune_population as p', (join) =>
      join
        .onRef('p.commune_insee', '=', 'm.commune_insee')
        .onRef('p.millesime', '=', 'm.millesime')
        .on('p.basis', '=', basis),
    )
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('p.population'), sql<number>`0`).as('total'))
    .where('m.millesime', '=', millesime)
    .where('c.departement', '=', departement)
    .executeTakeFirstOrThrow();
  return row.total;
}

/** An EPCI's member communes in `millesime`'s geography with their figure for `basis` (null when missing). */
export async function membersWithPopulation(
  db: Kysely<Database>,
  siren: string,
  millesime: number,
  basis: PopulationBasis,
) {
  return db
    .selectFrom('epci_membership as m')
    .innerJoin('commune as c', 'c.insee', 'm.commune_insee')
    .leftJoin('commune_population as p', (join) =>
      join
        .onRef('p.commune_insee', '=', 'm.commune_insee')
        .onRef('p.millesime', '=', 'm.millesime')
        .on('p.basis', '=', basis),
    )
    .select([
      'c.insee',
      sql<string>`coalesce(m.commune_name, c.name)`.as('name'),
      'c.departement',
      'p.population',
    ])
    .where('m.epci_siren', '=', siren)
    .where('m.millesime', '=', millesime)
    .orderBy('c.insee')
    .execute();
}
