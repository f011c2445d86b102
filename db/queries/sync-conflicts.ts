import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function countOpenConflicts(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom('sync_conflict')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return n;
}

export async function libraryName(db: Kysely<Database>, id: string): Promise<string | null> {
  const row = await db.selectFrom('library').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? null;
}

/** The name of the EPCI a follow-up, a convention or a contact belongs to. */
export async function epciNameOfRow(
  db: Kysely<Database>,
  table: 'epci_followup' | 'convention' | 'contact',
  rowId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom(table)
    .innerJoin('epci', 'epci.siren', `${table}.epci_siren`)
    .select('epci.name')
    .where(`${table}.id`, '=', rowId)
    .executeTakeFirst();
  return row?.name ?? null;
}
