import type { LogTransaction } from './log.ts';

/** The row a merged id now stands for (see migration 0006), or null. */
export async function aliasOf(trx: LogTransaction, table: string, rowId: string): Promise<string | null> {
  const alias = await trx
    .selectFrom('sync_alias')
    .select('target_id')
    .where('table_name', '=', table)
    .where('row_id', '=', rowId)
    .executeTakeFirst();
  return alias?.target_id ?? null;
}

export async function recordAlias(
  trx: LogTransaction,
  table: string,
  rowId: string,
  targetId: string,
): Promise<void> {
  await trx
    .insertInto('sync_alias')
    .values({ table_name: table, row_id: rowId, target_id: targetId })
    .onConflict((oc) => oc.columns(['table_name', 'row_id']).doNothing())
    .execute();
}
