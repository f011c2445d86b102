import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function listConventions(db: Kysely<Database>, siren: string) {
  return db
    .selectFrom('convention')
    .selectAll()
    .where('epci_siren', '=', siren)
    .orderBy('start_on')
    .execute();
}

export async function findConvention(db: Kysely<Database>, id: string) {
  return db.selectFrom('convention').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every stored convention, of every EPCI. */
export function listAllConventions(db: Kysely<Database>) {
  return db.selectFrom('convention').selectAll().execute();
}
