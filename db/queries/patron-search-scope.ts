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
  /**
   * A first sync has the patron indexes set aside (deferred-indexes.ts): no query names one, and SQLite
   * plans the search over the rows written so far as it can. Set by `searchPatrons`.
   */
  indexesDeferred?: boolean;
}

/** `INDEXED BY name`, which pins the plan the search was measured with, unless that index is set aside. */
export function indexedBy(query: PatronQuery, name: string) {
  return sql.raw(query.indexesDeferred ? '' : `INDEXED BY ${name}`);
}

/** A text search stops at this many matches (then sorted by name): "1 000+, refine your search". */
export const searchCap = 1000;

/** A search's match: the patron's number, and its name key to sort by. */
export type Match = { num: number; name_key: string };

/**
 * The filters of the screen. While the trigram index or the name key drives a text search, each column is
 * wrapped in a unary plus (`+p.library_id`), so that SQLite never drives it from a library's 300,000 rows
 * instead: the driving index stops at the cap, a filter only rules rows out on the way.
 */
export function filters(query: PatronQuery, driven: boolean) {
  const column = (name: string) => sql.raw(`${driven ? '+' : ''}p.${name}`);
  const parts = [sql`1`];
  if (query.libraryId !== undefined) parts.push(sql`${column('library_id')} = ${query.libraryId}`);
  if (query.epci !== undefined)
    parts.push(sql`${column('library_id')} IN (SELECT l.id FROM library l
      JOIN epci_membership m ON m.commune_insee = l.commune_insee
      WHERE m.millesime = ${query.millesime} AND m.epci_siren = ${query.epci})`);
  if (query.status !== 'all')
    parts.push(sql`${column('registered')} = ${query.status === 'registered' ? 1 : 0}`);
  if (query.duplicates) parts.push(sql`${column('duplicate_status')} = 'possible'`);
  return sql<boolean>`${sql.join(parts, sql` AND `)}`;
}

/**
 * The patron numbers a search may find, in ascending order: everything without a library or EPCI filter,
 * else each of the filter's libraries from its lowest number to its highest, overlapping spans merged.
 */
export async function numberRanges(
  db: Kysely<Database>,
  query: PatronQuery,
): Promise<{ low: number; high: number }[]> {
  if (query.libraryId === undefined && query.epci === undefined)
    return [{ low: 0, high: Number.MAX_SAFE_INTEGER }];
  const libraries =
    query.libraryId !== undefined
      ? sql`SELECT ${query.libraryId} AS id`
      : sql`SELECT l.id FROM library l JOIN epci_membership m ON m.commune_insee = l.commune_insee
          WHERE m.millesime = ${query.millesime} AND m.epci_siren = ${query.epci}`;
  const { rows } = await sql<{ low: number; high: number }>`SELECT low, high FROM (SELECT
      (SELECT min(num) FROM patron ${indexedBy(query, 'patron_by_library')} WHERE library_id = x.id) AS low,
      (SELECT max(num) FROM patron ${indexedBy(query, 'patron_by_library')} WHERE library_id = x.id) AS high
    FROM (${libraries}) x) WHERE low IS NOT NULL ORDER BY low`.execute(db);
  const merged: { low: number; high: number }[] = [];
  for (const range of rows) {
    const last = merged.at(-1);
    if (last && range.low <= last.high + 1) last.high = Math.max(last.high, range.high);
    else merged.push({ ...range });
  }
  return merged;
}
