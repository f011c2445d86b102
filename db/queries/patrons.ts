import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import { patronIndexesDeferred } from './deferred-indexes.ts';
import {
  filters,
  indexedBy,
  type Match,
  numberRanges,
  type PatronQuery,
  searchCap,
} from './patron-search-scope.ts';
import { wordMatches } from './patron-word-search.ts';

export { type PatronQuery, searchCap };

/** The next string after every string starting with `prefix`, for index range scans. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** The trigram query of the words: each word of three letters or more, else the whole text as one substring. */
function trigramMatch(words: string[]): string | null {
  const long = words.filter((w) => w.length >= 3);
  if (long.length === 0) return null;
  return long.length === words.length ? long.map((w) => `"${w}"`).join(' AND ') : `"${words.join(' ')}"`;
}

/** Patrons as the screens show them: their columns, their library's name and its EPCI. */
export function patronRows(db: Kysely<Database>, millesime: number) {
  return db
    .selectFrom('patron as p')
    .innerJoin('library as l', 'l.id', 'p.library_id')
    .leftJoin('epci_membership as m', (join) =>
      join.onRef('m.commune_insee', '=', 'l.commune_insee').on('m.millesime', '=', millesime),
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
    ]);
}
export type PatronRow = Awaited<ReturnType<ReturnType<typeof patronRows>['execute']>>[number];

/**
 * The first `searchCap + 1` patrons, in number order, whose indexed text matches. CROSS JOIN keeps the
 * trigram index outermost: it drives, and each match's name key and filtered columns are read from
 * patron_search_order (migration 16) by its number, never from the table's scattered rows. With a library
 * or EPCI filter the trigram index is read only between each library's lowest and highest patron numbers
 * (migration 18): an import numbers its new rows in a row, so a library's patrons sit in a block, and the
 * matches of the other libraries' blocks are never read. The bounds are cast to integers: a JavaScript
 * number is bound as a REAL, and FTS5 takes a rowid bound only if it is an INTEGER — given a REAL it reads
 * every match from the first and SQLite drops those outside the bounds afterwards.
 */
async function trigramMatches(db: Kysely<Database>, match: string, query: PatronQuery): Promise<Match[]> {
  const found: Match[] = [];
  for (const { low, high } of await numberRanges(db, query)) {
    const { rows } = await sql<Match>`SELECT p.num, p.name_key
      FROM patron_search s CROSS JOIN patron AS p ${indexedBy(query, 'patron_search_order')}
      WHERE patron_search MATCH ${match}
        AND s.rowid >= CAST(${low} AS INTEGER) AND s.rowid <= CAST(${high} AS INTEGER)
        AND p.num = s.rowid AND ${filters(query, true)}
      LIMIT ${searchCap + 1 - found.length}`.execute(db);
    found.push(...rows);
    if (found.length > searchCap) break;
  }
  return found;
}

/**
 * The first `searchCap + 1` patrons by name key whose name key starts with the first word and holds the
 * others: the alphabetically first of them, read in the order of a name-key index — a library's own
 * (patron_by_library_name, migration 17) when the search is one library's, and each of an EPCI's libraries
 * in its own before the first thousand of them all are kept. Any other filter is checked on
 * patron_search_order by the patron's number, not on the table's rows.
 */
async function prefixMatches(db: Kysely<Database>, query: PatronQuery): Promise<Match[]> {
  if (query.libraryId !== undefined || query.epci === undefined) return prefixMatchesIn(db, query);
  const { rows } = await sql<{ id: string }>`SELECT l.id FROM library l
    JOIN epci_membership m ON m.commune_insee = l.commune_insee
    WHERE m.millesime = ${query.millesime} AND m.epci_siren = ${query.epci}`.execute(db);
  const each = await Promise.all(
    rows.map(({ id }) => prefixMatchesIn(db, { ...query, epci: undefined, libraryId: id })),
  );
  return each
    .flat()
    .sort(byNameKey)
    .slice(0, searchCap + 1);
}

async function prefixMatchesIn(db: Kysely<Database>, query: PatronQuery): Promise<Match[]> {
  const [first, ...others] = query.words as [string, ...string[]];
  const library = query.libraryId;
  const filtered = query.epci !== undefined || query.status !== 'all' || query.duplicates;
  const holds = others.map((word) => sql`AND k.name_key LIKE ${`%${word}%`}`);
  const { rows } = await sql<Match>`SELECT k.num, k.name_key
    FROM patron AS k ${indexedBy(query, library === undefined ? 'patron_by_person' : 'patron_by_library_name')}
    ${filtered ? sql`CROSS JOIN patron AS p ${indexedBy(query, 'patron_search_order')}` : sql``}
    WHERE ${library === undefined ? sql`` : sql`k.library_id = ${library} AND`}
      k.name_key >= ${first} AND k.name_key < ${prefixEnd(first)} ${sql.join(holds, sql` `)}
      ${filtered ? sql`AND p.num = k.num AND ${filters(query, true)}` : sql``}
    ORDER BY k.name_key
    LIMIT ${searchCap + 1}`.execute(db);
  return rows;
}

/** Code-unit order, as SQLite's binary collation for every character below U+E000; the number breaks ties. */
const byNameKey = (a: Match, b: Match) =>
  a.name_key < b.name_key ? -1 : a.name_key > b.name_key ? 1 : a.num - b.num;

/**
 * Patrons matching the text and the filters, sorted by name key, with their number: exact without text
 * (the whole registry, scrolled), else counted up to `searchCap` (`more`: there were more).
 *
 * Text of three letters or more goes through the trigram index (folded names, card, e-mail): each word, or
 * the whole text as one substring when it holds short words ("orange fr"); several words of three letters
 * or more, unless common together, through their rarest trigrams and an exact check of each candidate
 * (patron-word-search.ts). Shorter text is a prefix of the
 * name key ("last|first"), the other short words appearing in it. Either way one query collects the first
 * `searchCap + 1` matches (number and name key only), JavaScript sorts them, and only the page's rows are
 * read: a common name among a million patrons costs a thousand index entries, not every match twice.
 */
export async function searchPatrons(
  db: Kysely<Database>,
  query: PatronQuery,
): Promise<{ total: number; more: boolean; rows: PatronRow[] }> {
  const { words } = query;
  if (await patronIndexesDeferred(db)) query = { ...query, indexesDeferred: true };
  if (words.length === 0) {
    const [rows, count] = await Promise.all([
      patronRows(db, query.millesime)
        .where(filters(query, false))
        .orderBy('p.name_key')
        .limit(query.limit)
        .offset(query.offset)
        .execute(),
      db
        .selectFrom('patron as p')
        .where(filters(query, false))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { total: count.n, more: false, rows };
  }
  const match = trigramMatch(words);
  const found =
    match === null
      ? await prefixMatches(db, query)
      : ((await wordMatches(db, query)) ?? (await trigramMatches(db, match, query)));
  found.sort(byNameKey);
  const page = found.slice(0, searchCap).slice(query.offset, query.offset + query.limit);
  const rows =
    page.length === 0
      ? []
      : await patronRows(db, query.millesime)
          .select('p.num')
          .where(
            'p.num',
            'in',
            page.map((entry) => entry.num),
          )
          .execute();
  const at = new Map(page.map((entry, i) => [entry.num, i]));
  rows.sort((a, b) => (at.get(a.num) as number) - (at.get(b.num) as number));
  return {
    total: Math.min(found.length, searchCap),
    more: found.length > searchCap,
    rows: rows.map(({ num: _, ...row }) => row),
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
