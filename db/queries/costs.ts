import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** The service's cost lines of a year, in the order they were entered. */
export function listCostLines(db: Kysely<Database>, year: number) {
  return db.selectFrom('service_cost').selectAll().where('year', '=', year).orderBy('created_at').execute();
}

export async function costLineExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('service_cost').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

/**
 * Registered patrons per EPCI (through their library's commune in `millesime`), and how many of them are
 * confirmed duplicates of another (the same person counted once).
 */
export function registeredPatronsPerEpci(db: Kysely<Database>, millesime: number) {
  return db
    .selectFrom('patron as p')
    .innerJoin('library as l', 'l.id', 'p.library_id')
    .innerJoin('epci_membership as m', (join) =>
      join.onRef('m.commune_insee', '=', 'l.commune_insee').on('m.millesime', '=', millesime),
    )
    .select((eb) => [
      'm.epci_siren',
      eb.fn.countAll<number>().as('patrons'),
      sql<number>`coalesce(sum(case when p.duplicate_status = 'confirmed' then 1 else 0 end), 0)`.as(
        'confirmed',
      ),
    ])
    .where('p.registered', '=', 1)
    .groupBy('m.epci_siren')
    .execute();
}
