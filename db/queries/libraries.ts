import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Libraries with their commune and the EPCI that commune belongs to in `millesime`'s geography: a
 * library's EPCI is never stored, it follows from its commune.
 */
export function selectLibraries(db: Kysely<Database>, millesime: number) {
  return db
    .selectFrom('library as l')
    .innerJoin('commune as c', 'c.insee', 'l.commune_insee')
    .leftJoin('epci_membership as m', (join) =>
      join.onRef('m.commune_insee', '=', 'l.commune_insee').on('m.millesime', '=', millesime),
    )
    .leftJoin('epci as e', 'e.siren', 'm.epci_siren')
    .select([
      'l.id',
      'l.code',
      'l.name',
      'l.kind',
      'l.commune_insee',
      'c.name as commune_name',
      'm.epci_siren',
      'e.name as epci_name',
      'l.ils',
      'l.contact_name',
      'l.contact_email',
      'l.contact_phone',
      'l.participating',
      'l.participating_since',
    ])
    .orderBy('l.name');
}

/** The library named by its id or by its short code, in any case (« figeac » is FIGEAC), as staff know it. */
export async function findLibraryId(db: Kysely<Database>, idOrCode: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('library')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode.trim().toUpperCase())]))
    .executeTakeFirst();
  return row?.id;
}

export async function libraryCodeTaken(db: Kysely<Database>, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('library').select('id').where('code', '=', code).executeTakeFirst()) !== undefined
  );
}

export async function countLibraries(db: Kysely<Database>) {
  const row = await db
    .selectFrom('library')
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn.sum<number>('participating').as('participating'),
    ])
    .executeTakeFirstOrThrow();
  return { all: row.all, participating: row.participating ?? 0 };
}

export async function librariesPerEpci(
  db: Kysely<Database>,
  millesime: number,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('library as l')
    .innerJoin('epci_membership as m', (join) =>
      join.onRef('m.commune_insee', '=', 'l.commune_insee').on('m.millesime', '=', millesime),
    )
    .select((eb) => ['m.epci_siren', eb.fn.countAll<number>().as('count')])
    .groupBy('m.epci_siren')
    .execute();
  return new Map(rows.map((row) => [row.epci_siren, row.count]));
}
