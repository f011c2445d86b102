import type { Kysely } from 'kysely';
import type { Activity } from '../../shared/sync/access.ts';
import type { Database } from '../schema.ts';

/**
 * Active patrons pulled from the central service (migration 13): a year's figures replace the previous
 * ones whole, in one transaction, so a reader never sees half of two pulls.
 */
export async function replaceActivity(
  db: Kysely<Database>,
  activity: Activity,
  fetchedAt: string,
): Promise<void> {
  const { year } = activity;
  const rows = [
    { scope: 'departement' as const, key: '', label: null, active: activity.active },
    ...activity.libraries.map((l) => ({
      scope: 'library' as const,
      key: l.libraryId,
      label: null,
      active: l.active,
    })),
    ...activity.platforms.map((p) => ({
      scope: 'platform' as const,
      key: p.clientId,
      label: p.name,
      active: p.active,
    })),
    ...activity.months.map((m) => ({
      scope: 'month' as const,
      key: String(m.month),
      label: null,
      active: m.active,
    })),
  ].map((row) => ({ ...row, year, fetched_at: fetchedAt }));
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('access_activity').where('year', '=', year).execute();
    // A few hundred rows at most (libraries + platforms + 12 months); chunked under SQLite's variable limit.
    for (let start = 0; start < rows.length; start += 100)
      await trx
        .insertInto('access_activity')
        .values(rows.slice(start, start + 100))
        .execute();
  });
}

/** When a year's figures were last pulled; undefined: never. */
export async function activityFetchedAt(db: Kysely<Database>, year: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('access_activity')
    .select('fetched_at')
    .where('year', '=', year)
    .where('scope', '=', 'departement')
    .executeTakeFirst();
  return row?.fetched_at;
}

/** A year's pulled figures as the central service sent them, with when they came; undefined: never pulled. */
export async function readActivity(
  db: Kysely<Database>,
  year: number,
): Promise<(Activity & { fetchedAt: string }) | undefined> {
  const rows = await db
    .selectFrom('access_activity')
    .selectAll()
    .where('year', '=', year)
    .orderBy('scope')
    .orderBy('key')
    .execute();
  const total = rows.find((row) => row.scope === 'departement');
  if (!total) return undefined;
  return {
    year,
    fetchedAt: total.fetched_at,
    active: total.active,
    libraries: rows
      .filter((row) => row.scope === 'library')
      .map((row) => ({ libraryId: row.key, active: row.active })),
    platforms: rows
      .filter((row) => row.scope === 'platform')
      .map((row) => ({ clientId: row.key, name: row.label ?? row.key, active: row.active }))
      .sort((a, b) => b.active - a.active || a.name.localeCompare(b.name, 'fr')),
    months: rows
      .filter((row) => row.scope === 'month')
      .map((row) => ({ month: Number(row.key), active: row.active }))
      .sort((a, b) => a.month - b.month),
  };
}

/**
 * Every library with its EPCI in `millesime`'s geography, its registered patrons (still in its file) and
 * its active patrons of `year` as pulled (0 when the central service counted none, or nothing was pulled).
 */
export function libraryActivity(db: Kysely<Database>, year: number, millesime: number) {
  return db
    .selectFrom('library as l')
    .leftJoin('epci_membership as m', (join) =>
      join.onRef('m.commune_insee', '=', 'l.commune_insee').on('m.millesime', '=', millesime),
    )
    .leftJoin('epci as e', 'e.siren', 'm.epci_siren')
    .leftJoin('access_activity as a', (join) =>
      join.onRef('a.key', '=', 'l.id').on('a.scope', '=', 'library').on('a.year', '=', year),
    )
    .select((eb) => [
      'l.id',
      'l.name',
      'l.participating',
      'm.epci_siren',
      'e.name as epci_name',
      eb.fn.coalesce('a.active', eb.lit(0)).as('active'),
      eb
        .selectFrom('patron as p')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('p.library_id', '=', 'l.id')
        .where('p.registered', '=', 1)
        .as('registered'),
    ])
    .orderBy('e.name')
    .orderBy('l.name')
    .execute();
}
