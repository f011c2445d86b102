import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, SyncStateTable } from '../schema.ts';

export type SyncState = Omit<SyncStateTable, 'id' | 'cursor'> & { cursor: number };

/** This PC's sync state, created on first use (a file that never syncs is never written to). */
export async function readSyncState(db: Kysely<Database>): Promise<SyncState | undefined> {
  return (await db.selectFrom('sync_state').selectAll().where('id', '=', 1).executeTakeFirst()) as
    | SyncState
    | undefined;
}

export async function ensureSyncState(db: Kysely<Database>): Promise<SyncState> {
  await db
    .insertInto('sync_state')
    .values({ id: 1, client_id: randomUUID() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return (await readSyncState(db)) as SyncState;
}

/** A new identity for this PC towards the server (its sequence numbers start again from 1). */
export async function renewClientId(db: Kysely<Database>): Promise<string> {
  const clientId = randomUUID();
  await db.updateTable('sync_state').set({ client_id: clientId }).where('id', '=', 1).execute();
  return clientId;
}

export async function updateSyncState(
  db: Kysely<Database>,
  patch: Partial<Omit<SyncState, 'client_id' | 'cursor' | 'snapshot_rows'>>,
): Promise<void> {
  await ensureSyncState(db);
  await db.updateTable('sync_state').set(patch).where('id', '=', 1).execute();
}

/**
 * Points this PC at a server. Another server than before knows nothing of the versions, cursor and
 * conflicts this mirror holds: they are forgotten (the next sync starts from that server's snapshot), and
 * waiting changes are kept but based on nothing it has seen (base 0).
 */
export async function switchServer(db: Kysely<Database>, serverUrl: string | null): Promise<void> {
  const state = await ensureSyncState(db);
  if (state.server_url === serverUrl) return;
  await db.transaction().execute(async (trx) => {
    if (state.server_url) {
      await trx.deleteFrom('sync_version').execute();
      await trx.deleteFrom('sync_conflict').execute();
      await trx.updateTable('sync_outbox').set({ base_version: 0 }).execute();
      await trx
        .updateTable('sync_state')
        .set({ cursor: 0, snapshot_from: null, snapshot_rows: 0 })
        .where('id', '=', 1)
        .execute();
    }
    await trx.updateTable('sync_state').set({ server_url: serverUrl }).where('id', '=', 1).execute();
  });
}

export async function pendingCounts(db: Kysely<Database>) {
  const [changes, batches, conflicts, rejections] = await Promise.all([
    db
      .selectFrom('sync_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sync_patron_upload')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sync_conflict')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sync_rejection')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { changes: changes.n, batches: batches.n, conflicts: conflicts.n, rejections: rejections.n };
}

export async function listOutbox(db: Kysely<Database>, afterSeq: number, limit: number) {
  return db
    .selectFrom('sync_outbox')
    .selectAll()
    .where('client_seq', '>', afterSeq)
    .orderBy('client_seq')
    .limit(limit)
    .execute();
}

export async function listConflicts(db: Kysely<Database>, status?: 'open' | 'resolved') {
  let query = db.selectFrom('sync_conflict').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (status) query = query.where('status', '=', status);
  return query.execute();
}

export async function findConflict(db: Kysely<Database>, id: string) {
  return db.selectFrom('sync_conflict').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRejections(db: Kysely<Database>) {
  return db.selectFrom('sync_rejection').selectAll().orderBy('rejected_at', 'desc').execute();
}

/**
 * Shows a conflict's chosen value on its row right away. Not through db/write.ts: the server writes that
 * value itself when the resolution reaches it, so it must not also travel as a change of the row.
 */
export async function setResolvedValue(
  db: Kysely<Database>,
  conflict: { table_name: string; row_id: string; field: string },
  value: string | number | boolean | null,
): Promise<void> {
  const columns = await sql<{
    name: string;
  }>`SELECT name FROM pragma_table_info(${conflict.table_name})`.execute(db);
  if (!columns.rows.some((column) => column.name === conflict.field)) return;
  await sql`UPDATE ${sql.table(conflict.table_name)} SET ${sql.ref(conflict.field)} = ${value} WHERE id = ${conflict.row_id}`.execute(
    db,
  );
}
