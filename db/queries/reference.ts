import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** Reference data sets imported for a département, newest millésime first. */
export async function listReferenceImports(db: Kysely<Database>, departement: string) {
  return db
    .selectFrom('reference_import')
    .select(['source', 'millesime', 'kind', 'imported_at as importedAt'])
    .where('departement', '=', departement)
    .orderBy('millesime', 'desc')
    .orderBy('imported_at', 'desc')
    .execute();
}

/** Which bases each millésime holds figures for, over the communes the app knows. */
export async function listVintages(db: Kysely<Database>) {
  return db
    .selectFrom('commune_population')
    .select((eb) => ['millesime', 'basis', 'source', eb.fn.countAll<number>().as('communes')])
    .groupBy(['millesime', 'basis', 'source'])
    .orderBy('millesime', 'desc')
    .execute();
}

/** Millésimes that have a geography (EPCI membership), newest first. */
export async function listGeographies(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('epci_membership')
    .select('millesime')
    .distinct()
    .orderBy('millesime', 'desc')
    .execute();
  return rows.map((row) => row.millesime);
}

/** Changes whenever reference data is imported: what a cache of EPCI and memberships is keyed on. */
export async function referenceStamp(db: Kysely<Database>): Promise<string> {
  const { stamp } = await db
    .selectFrom('reference_import')
    .select(sql<string>`count(*) || '/' || coalesce(max(imported_at), '')`.as('stamp'))
    .executeTakeFirstOrThrow();
  return stamp;
}
