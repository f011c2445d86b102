import type { Change, PullResponse } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import type { Row } from './tables.ts';

export const pullLimits = { default: 1000, max: 5000 } as const;

/**
 * Rows above the cursor in version order, tombstones included. The log lock (log.ts) makes versions
 * commit in order, so once a page ends at N no row ≤ N can appear later: the cursor never skips.
 */
export async function pull(ctx: CentralContext, cursor: number, limit: number): Promise<PullResponse> {
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
      row: row.deleted ? null : (row.data as Row),
    }),
  );
  return { changes, cursor: changes.at(-1)?.version ?? cursor, hasMore: rows.length > limit };
}
