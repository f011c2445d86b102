import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

export interface PatronQuery {
  words: string[];
  libraryId?: string;
  epci?: string;
  status: 'registered' | 'unregistered' | 'all';
  duplicates: boolean;
  offset: number;
  limit: number;
  millesime: number;
}

/**
 * Patrons matching every word: words of three letters or more through the trigram index (names, card,
 * e-mail, accents folded), shorter ones as a prefix of the name key.
 */
export function searchPatrons(db: Kysely<Database>, query: PatronQuery) {
  const indexed = query.words.filter((w) => w.length >= 3);
  const short = query.words.filter((w) => w.length < 3);
  const base = db
    .selectFrom('patron as p')
    .innerJoin('library as l', 'l.id', 'p.library_id')
    .leftJoin('epci_membership as m', (join) =>
      join.onRef('m.commune_insee', '=', 'l.commune_insee').on('m.millesime', '=', query.millesime),
    )
    .$if(indexed.length > 0, (qb) =>
      qb.where(
        'p.num',
        'in',
        sql<number>`(SELECT rowid FROM patron_search WHERE patron_search MATCH ${indexed.map((w) => `"${w}"`).join(' AND ')})`,
      ),
    )
    .$if(short.length > 0, (qb) => qb.where((eb) => eb.and(short.map((w) => eb('p.name_key', 'like', `${w}%`)))))
    .$if(query.libraryId !== undefined, (qb) => qb.where('p.library_id', '=', query.libraryId as string))
    .$if(query.epci !== undefined, (qb) => qb.where('m.epci_siren', '=', query.epci as string))
    .$if(query.status !== 'all', (qb) => qb.where('p.registered', '=', query.status === 'registered' ? 1 : 0))
    .$if(query.duplicates, (qb) => qb.where('p.duplicate_status', '=', 'possible'));
  return {
    rows: base
      .select([
        'p.id',
        'p.library_id',
        'l.name as library_name',
        'm.epci_siren',
        'p.card_number',
        'p.last_name',
        'p.first_name',
        'p.birth_date',
        'p.birth_year',
        'p.email',
        'p.postal_code',
        'p.commune_name',
        'p.registered_on',
        'p.expires_on',
        'p.category',
        'p.registered',
        'p.duplicate_of',
        'p.duplicate_status',
      ])
      .orderBy('p.name_key')
      .orderBy('p.card_number')
      .limit(query.limit)
      .offset(query.offset),
    total: base.select((eb) => eb.fn.countAll<number>().as('n')),
  };
}

/** Registered patrons, and distinct persons: a confirmed duplicate is the same person counted once. */
export async function countPatrons(db: Kysely<Database>, libraryId?: string) {
  const row = await db
    .selectFrom('patron')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      sql<number>`coalesce(sum(case when duplicate_status = 'confirmed' then 1 else 0 end), 0)`.as('confirmed'),
    ])
    .where('registered', '=', 1)
    .$if(libraryId !== undefined, (qb) => qb.where('library_id', '=', libraryId as string))
    .executeTakeFirstOrThrow();
  return { count: row.count, persons: row.count - row.confirmed };
}

export function expiredBefore(db: Kysely<Database>, cutoff: string) {
  return db.selectFrom('patron').where('expires_on', '<', cutoff);
}

export async function listBatches(db: Kysely<Database>, libraryId?: string) {
  return db
    .selectFrom('import_batch as b')
    .innerJoin('library as l', 'l.id', 'b.library_id')
    .selectAll('b')
    .select('l.name as library_name')
    .$if(libraryId !== undefined, (qb) => qb.where('b.library_id', '=', libraryId as string))
    .orderBy('b.committed_at', 'desc')
    .execute();
}

export async function findProfile(db: Kysely<Database>, libraryId: string, name?: string) {
  return db
    .selectFrom('mapping_profile')
    .selectAll()
    .where('library_id', '=', libraryId)
    .$if(name !== undefined, (qb) => qb.where('name', '=', name as string))
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
}
