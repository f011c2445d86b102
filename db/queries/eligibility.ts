import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The facts the eligibility rule (shared/domain/eligibility.ts) reads, from the mirror. The rule itself is
 * applied in the services, never re-said in SQL: here only rows are fetched and grouped, so the card, the
 * counts and the list cannot disagree with the sign-in.
 */

/**
 * Every library with what eligibility needs of it: participation, the EPCI of its commune in `millesime`'s
 * geography (a library's EPCI is never stored) and that EPCI's follow-up status. A handful of rows.
 */
export function libraryAccessFacts(db: Kysely<Database>, millesime: number) {
  return db
    .selectFrom('library as l')
    .leftJoin('epci_membership as m', (join) =>
      join.onRef('m.commune_insee', '=', 'l.commune_insee').on('m.millesime', '=', millesime),
    )
    .leftJoin('epci as e', 'e.siren', 'm.epci_siren')
    .leftJoin('epci_followup as f', 'f.epci_siren', 'm.epci_siren')
    .select([
      'l.id',
      'l.code',
      'l.name',
      'l.participating',
      'l.participating_since',
      'm.epci_siren',
      'e.name as epci_name',
      'f.status',
    ])
    .orderBy('l.name')
    .execute();
}

/** Every convention's period, by EPCI (deleted conventions are gone from the table). */
export function conventionPeriods(db: Kysely<Database>) {
  return db
    .selectFrom('convention')
    .select(['epci_siren', 'start_on', 'end_on'])
    .orderBy('start_on')
    .execute();
}

/** One patron's own facts, or undefined when the registry does not hold it. */
export function patronAccessRow(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('patron')
    .select(['id', 'library_id', 'registered', 'expires_on'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Patrons counted per (library, registered, expiry date): every patron of a group gets the same answer from
 * the rule, so 200,000 patrons are judged as a few thousand groups in one pass over the table.
 */
export function patronAccessGroups(db: Kysely<Database>, libraryIds?: readonly string[]) {
  return db
    .selectFrom('patron')
    .select((eb) => ['library_id', 'registered', 'expires_on', eb.fn.countAll<number>().as('count')])
    .$if(libraryIds !== undefined, (qb) =>
      qb.where('library_id', 'in', libraryIds && libraryIds.length > 0 ? libraryIds : ['']),
    )
    .groupBy(['library_id', 'registered', 'expires_on'])
    .execute();
}

/** A group of patrons as patronAccessGroups gives it: its library, registered (0/1), expiry date. */
export type PatronGroupKey = readonly [libraryId: string, registered: number, expiresOn: string | null];

/**
 * The patrons of the given groups, a page in name order (then birth date, then first stored). The groups travel as one JSON parameter (any
 * number of them), an absent expiry date as '' since NULL never equals NULL.
 */
export function patronsInGroups(
  db: Kysely<Database>,
  groups: readonly PatronGroupKey[],
  page: { limit: number; offset: number },
) {
  const keys = JSON.stringify(
    groups.map(([library, registered, expires]) => [library, registered, expires ?? '']),
  );
  return (
    db
      .selectFrom('patron as p')
      .innerJoin('library as l', 'l.id', 'p.library_id')
      .select([
        'p.id',
        'p.library_id',
        'l.code as library_code',
        'l.name as library_name',
        'p.card_number',
        'p.last_name',
        'p.first_name',
        'p.registered',
        'p.expires_on',
      ])
      // Walked in name order along patron_by_person (name_key, birth_date, then the rowid), stopping at the
      // page: the unary + keeps SQLite from fetching every matching patron by library and sorting them all.
      .where(
        sql<boolean>`(+p.library_id, p.registered, coalesce(p.expires_on, '')) in (select value ->> 0, value ->> 1, value ->> 2 from json_each(${keys}))`,
      )
      .orderBy('p.name_key')
      .orderBy('p.birth_date')
      .orderBy('p.num')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
  );
}
