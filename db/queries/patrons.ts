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

/** A text search stops at this many matches (then sorted by name): "1 000+, refine your search". */
export const searchCap = 1000;

/** The next string after every string starting with `prefix`, for index range scans. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * Patrons matching the text and the filters. Text of three letters or more goes through the trigram
 * index (folded names, card, e-mail): each word, or the whole text as one substring when it holds short
 * words ("orange fr"); the index drives and stops at `searchCap` matches. Shorter text is a prefix of
 * the name key. Filters touch the patron table only, so counting 300,000 rows stays cheap; libraries and
 * EPCI are joined for the page alone.
 */
export function searchPatrons(db: Kysely<Database>, query: PatronQuery) {
  const words = query.words;
  const long = words.filter((w) => w.length >= 3);
  const match =
    long.length === 0
      ? null
      : long.length === words.length
        ? long.map((w) => `"${w}"`).join(' AND ')
        : `"${words.join(' ')}"`;
  // Short text: the first word starts the name key ("last|first", an index range), the others appear in it.
  const prefix = match === null && words.length > 0 ? (words[0] as string) : null;
  const others = match === null ? words.slice(1) : [];
  const filtered = db
    .selectFrom('patron as p')
    .$if(match !== null, (qb) =>
      qb
        .innerJoin(sql<{ rowid: number }>`patron_search`.as('s'), (join) =>
          join.onRef(sql.ref('s.rowid'), '=', 'p.num'),
        )
        .where(sql<boolean>`patron_search MATCH ${match}`),
    )
    .$if(prefix !== null, (qb) =>
      qb.where('p.name_key', '>=', prefix as string).where('p.name_key', '<', prefixEnd(prefix as string)),
    )
    .$if(others.length > 0, (qb) =>
      qb.where((eb) => eb.and(others.map((w) => eb('p.name_key', 'like', `%${w}%`)))),
    )
    .$if(query.libraryId !== undefined, (qb) => qb.where('p.library_id', '=', query.libraryId as string))
    .$if(query.epci !== undefined, (qb) =>
      qb.where('p.library_id', 'in', (eb) =>
        eb
          .selectFrom('library as l')
          .innerJoin('epci_membership as m', 'm.commune_insee', 'l.commune_insee')
          .select('l.id')
          .where('m.millesime', '=', query.millesime)
          .where('m.epci_siren', '=', query.epci as string),
      ),
    )
    .$if(query.status !== 'all', (qb) => qb.where('p.registered', '=', query.status === 'registered' ? 1 : 0))
    .$if(query.duplicates, (qb) => qb.where('p.duplicate_status', '=', 'possible'));
  const capped = match !== null;
  const page = capped
    ? db
        .selectFrom('patron as p')
        .where('p.num', 'in', filtered.select('p.num').limit(searchCap + 1))
        .orderBy('p.name_key')
    : filtered.orderBy('p.name_key');
  return {
    capped,
    rows: page
      .innerJoin('library as l', 'l.id', 'p.library_id')
      .leftJoin('epci_membership as m', (join) =>
        join.onRef('m.commune_insee', '=', 'l.commune_insee').on('m.millesime', '=', query.millesime),
      )
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
      .limit(query.limit)
      .offset(query.offset),
    total: capped
      ? db
          .selectFrom(
            filtered
              .select('p.num')
              .limit(searchCap + 1)
              .as('c'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
      : filtered.select((eb) => eb.fn.countAll<number>().as('n')),
  };
}

/** Registered patrons, and distinct persons: a confirmed duplicate is the same person counted once. */
export async function countPatrons(db: Kysely<Database>, libraryId?: string) {
  const row = await db
    .selectFrom('patron')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      sql<number>`coalesce(sum(case when duplicate_status = 'confirmed' then 1 else 0 end), 0)`.as(
        'confirmed',
      ),
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

/** The patron a possible duplicate points at, or undefined when `id` is not flagged. */
export async function possibleDuplicateOf(db: Kysely<Database>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('patron').select('duplicate_of').where('id', '=', id).executeTakeFirst();
  return row?.duplicate_of ?? undefined;
}

/** The library a patron is registered in, if the patron exists. */
export async function patronLibraryId(db: Kysely<Database>, id: string): Promise<string | null> {
  const row = await db.selectFrom('patron').select('library_id').where('id', '=', id).executeTakeFirst();
  return row?.library_id ?? null;
}

/** Staff's decision on a possible duplicate: the same person (confirmed) or two people (distinct). */
export async function decideDuplicate(
  db: Kysely<Database>,
  id: string,
  decision: 'confirmed' | 'distinct',
  now: Date,
): Promise<void> {
  await db
    .updateTable('patron')
    .set({ duplicate_status: decision, updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}
