import type { Change, PullResponse } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { currentLogVersion } from './log.ts';
import { maskPatron } from './personal-data.ts';
import type { Row } from './tables.ts';

export const pullLimits = { default: 1000, max: 5000 } as const;

/**
 * Rows above the cursor in version order, tombstones included. The log lock (log.ts) makes versions
 * commit in order, so once a page ends at N no row ≤ N can appear later: the cursor never skips.
 */
export async function pull(
  ctx: CentralContext,
  cursor: number,
  limit: number,
  personalData: boolean,
): Promise<PullResponse> {
  // A cursor the server never issued: its database was restored from an older copy. Pulling from there
  // would silently miss every row numbered again below the cursor.
  if (cursor > (await currentLogVersion(ctx.db)))
    throw new HttpError(
      409,
      'CURSOR_AHEAD',
      'Le serveur central a été restauré depuis une sauvegarde plus ancienne : ce poste doit repartir d’une copie complète.',
    );
  const rows = await ctx.db
    .selectFrom('sync_row')
    .select(['table_name', 'row_id', 'version', 'deleted', 'data'])
    .where('version', '>', cursor)
    .orderBy('version')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const changes = page.map(
    (row): Change => ({
      version: Number(row.version),
      table: row.table_name as Change['table'],
      rowId: row.row_id,
      deleted: row.deleted,
      row: row.deleted
        ? null
        : row.table_name === 'patron' && !personalData
          ? (maskPatron(row.row_id, row.data as Row) as Row)
          : (row.data as Row),
    }),
  );
  return { changes, cursor: changes.at(-1)?.version ?? cursor, hasMore: rows.length > limit };
}
