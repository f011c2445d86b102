import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Reference data sets imported for a département, newest millésime first. */
export async function listReferenceImports(db: Kysely<Database>, departement: string) {
  return db
    .selectFrom('reference_import')
    .select(['source', 'millesime', 'imported_at as importedAt'])
    .where('departement', '=', departement)
    .orderBy('millesime', 'desc')
    .execute();
}
