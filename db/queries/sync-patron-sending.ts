import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The sending side of the patron change sets queued by sync-patron-upload.ts: the queue in order, the
 * rows each set carries read a page at a time, and what happens once a set is sent or refused.
 */
export interface QueuedChangeSet {
  change_id: string;
  kind: 'import' | 'undo' | 'duplicates' | 'purge';
  batch_id: string | null;
  queued_at: string;
}

export async function queuedChangeSets(db: Kysely<Database>): Promise<QueuedChangeSet[]> {
  return (await db
    .selectFrom('sync_patron_upload')
    .select(['change_id', 'kind', 'batch_id', 'queued_at'])
    .orderBy('seq')
    .execute()) as QueuedChangeSet[];
}

export async function dropQueued(db: Kysely<Database>, changeId: string): Promise<void> {
  await db.deleteFrom('sync_patron_upload').where('change_id', '=', changeId).execute();
}

/** What an import's commit names: its library, mode and file; undefined once the batch is gone. */
export function importBatchHeader(db: Kysely<Database>, batchId: string) {
  return db
    .selectFrom('import_batch')
    .select(['library_id', 'mode', 'file_name'])
    .where('id', '=', batchId)
    .executeTakeFirst();
}

export function deletedIdsOf(sqlite: BetterSqlite3.Database, changeId: string): string[] {
  return sqlite
    .prepare(
      'SELECT patron_id FROM sync_patron_upload_row WHERE change_id = ? AND deleted = 1 ORDER BY patron_id',
    )
    .pluck()
    .all(changeId) as string[];
}

type Row = Record<string, unknown>;

/**
 * The set's live patrons, `pageRows` at a time, each page after the last key of the one before. An
 * import's rows are found by `created_batch` and `import_change`; the other kinds recorded theirs.
 */
export function* patronPagesOf(
  sqlite: BetterSqlite3.Database,
  set: QueuedChangeSet,
  pageRows: number,
): Generator<Row[]> {
  const pages: [sql: string, parameters: unknown[], key: string][] =
    set.kind === 'import'
      ? [
          ['SELECT * FROM patron WHERE created_batch = ? AND num > ? ORDER BY num', [set.batch_id], 'num'],
          [
            `SELECT patron.* FROM import_change JOIN patron ON patron.id = import_change.patron_id
             WHERE import_change.batch_id = ? AND patron.created_batch IS NOT ? AND import_change.patron_id > ?
             ORDER BY import_change.patron_id`,
            [set.batch_id, set.batch_id],
            'id',
          ],
        ]
      : [
          [
            `SELECT patron.* FROM sync_patron_upload_row AS r JOIN patron ON patron.id = r.patron_id
             WHERE r.change_id = ? AND r.deleted = 0 AND r.patron_id > ? ORDER BY r.patron_id`,
            [set.change_id],
            'id',
          ],
        ];
  for (const [sql, parameters, key] of pages) {
    const page = sqlite.prepare(`${sql} LIMIT ${pageRows}`);
    let after: unknown = key === 'num' ? 0 : '';
    for (;;) {
      const rows = page.all(...parameters, after) as Row[];
      if (rows.length === 0) break;
      yield rows;
      after = (rows.at(-1) as Row)[key];
    }
  }
}

/** A set the server refused: kept for people to read (sync.rejections) and out of the queue, together. */
export async function fileRefusedSet(
  db: Kysely<Database>,
  set: QueuedChangeSet,
  refusal: { code: string; reason: string; label: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sync_rejection')
      .values({
        mutation_id: set.change_id,
        client_seq: 0,
        table_name: 'patron',
        row_id: set.batch_id ?? set.change_id,
        op: set.kind === 'purge' ? 'delete' : 'upsert',
        patch: JSON.stringify({ kind: set.kind, label: refusal.label }),
        at: set.queued_at,
        code: refusal.code,
        reason: refusal.reason,
        rejected_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('mutation_id').doNothing())
      .execute();
    await trx.deleteFrom('sync_patron_upload').where('change_id', '=', set.change_id).execute();
  });
}
