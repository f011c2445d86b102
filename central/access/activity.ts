import { sql } from 'kysely';
import type { Activity } from '../../shared/sync/access.ts';
import type { CentralContext } from '../context.ts';
import { monthInFrance } from './calendar.ts';

/**
 * « Inscrits numériques actifs »: each successful sign-in records (patron, platform, month) — nothing
 * else, and the same triple once however often the patron comes back that month.
 */
export async function recordSignIn(
  ctx: Pick<CentralContext, 'db' | 'now'>,
  patronId: string,
  clientId: string,
): Promise<void> {
  await ctx.db
    .insertInto('access_activity')
    .values({ patron_id: patronId, client_id: clientId, month: monthInFrance(ctx.now()) })
    .onConflict((oc) => oc.columns(['patron_id', 'client_id', 'month']).doNothing())
    .execute();
}

/**
 * A year's counts of distinct patrons: overall, per library (the library the patron belongs to now;
 * a patron the registry no longer holds counts overall but at no library), per platform, per month.
 */
export async function activityOfYear(ctx: Pick<CentralContext, 'db'>, year: number): Promise<Activity> {
  const from = `${year}-01`;
  const to = `${year}-12`;
  const inYear = sql`a.month BETWEEN ${from} AND ${to}`;
  const [overall, libraries, platforms, months] = await Promise.all([
    sql<{ active: number }>`
      SELECT count(DISTINCT a.patron_id)::int AS active FROM access_activity a WHERE ${inYear}`.execute(
      ctx.db,
    ),
    sql<{ library_id: string; active: number }>`
      SELECT r.data->>'library_id' AS library_id, count(DISTINCT a.patron_id)::int AS active
      FROM access_activity a
      JOIN sync_row r ON r.table_name = 'patron' AND r.row_id = a.patron_id AND NOT r.deleted
      WHERE ${inYear}
      GROUP BY 1 ORDER BY 1`.execute(ctx.db),
    sql<{ client_id: string; name: string | null; active: number }>`
      SELECT a.client_id, p.name, count(DISTINCT a.patron_id)::int AS active
      FROM access_activity a LEFT JOIN access_platform p ON p.client_id = a.client_id
      WHERE ${inYear}
      GROUP BY a.client_id, p.name ORDER BY a.client_id`.execute(ctx.db),
    sql<{ month: string; active: number }>`
      SELECT a.month, count(DISTINCT a.patron_id)::int AS active
      FROM access_activity a WHERE ${inYear}
      GROUP BY a.month ORDER BY a.month`.execute(ctx.db),
  ]);
  return {
    year,
    active: overall.rows[0]?.active ?? 0,
    libraries: libraries.rows
      .filter((row) => row.library_id !== null)
      .map((row) => ({ libraryId: row.library_id, active: row.active })),
    platforms: platforms.rows.map((row) => ({
      clientId: row.client_id,
      name: row.name ?? row.client_id,
      active: row.active,
    })),
    months: months.rows.map((row) => ({ month: Number(row.month.slice(5, 7)), active: row.active })),
  };
}

/**
 * Retention (run at start and each day with the rest of `forgetExpired`): the current and the previous
 * calendar year are kept — what the year's figures and the previous year's report need — and a patron
 * the registry no longer holds (deleted by an import or the purge: a tombstone, or no row) leaves no trace.
 */
export async function pruneActivity(ctx: Pick<CentralContext, 'db' | 'now'>): Promise<number> {
  const year = Number(monthInFrance(ctx.now()).slice(0, 4));
  const old = await ctx.db
    .deleteFrom('access_activity')
    .where('month', '<', `${year - 1}-01`)
    .executeTakeFirst();
  const gone = await sql`
    DELETE FROM access_activity a
    WHERE NOT EXISTS (
      SELECT 1 FROM sync_row r WHERE r.table_name = 'patron' AND r.row_id = a.patron_id AND NOT r.deleted
    )`.execute(ctx.db);
  return Number(old.numDeletedRows) + Number(gone.numAffectedRows ?? 0);
}
