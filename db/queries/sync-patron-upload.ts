import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import { readOnlyAccountError } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { Database } from '../schema.ts';
import { signalChangeQueued } from './sync-signal.ts';

/**
 * A change of the patron registry other than an import, queued for the central service in the change's own
 * transaction (imports queue themselves by trigger, migration 6). `deleted`: ids no longer in `patron`;
 * `changed`: ids sent as they stand at upload time. An id in both counts as deleted.
 */
export interface PatronChangeSet {
  kind: 'undo' | 'duplicates' | 'purge';
  /** For an undo: the import batch undone. */
  batchId?: string;
  changed: readonly string[];
  deleted: readonly string[];
}

const queueSql = 'INSERT INTO sync_patron_upload (change_id, kind, batch_id) VALUES (?, ?, ?)';
// Ids go in as one JSON array: a purge may name tens of thousands, beyond SQLite's parameter limit.
const rowsSql = `INSERT INTO sync_patron_upload_row (change_id, patron_id, deleted)
  SELECT ?, value, ? FROM json_each(?) WHERE true
  ON CONFLICT (change_id, patron_id) DO UPDATE SET deleted = max(deleted, excluded.deleted)`;

function statements(changeId: string, set: PatronChangeSet): [string, unknown[]][] {
  return [
    [queueSql, [changeId, set.kind, set.batchId ?? null]],
    [rowsSql, [changeId, 0, JSON.stringify(set.changed)]],
    [rowsSql, [changeId, 1, JSON.stringify(set.deleted)]],
  ];
}

// A reader's change set would be refused by the server: not made at all (see migration 8).
const readerSql = "SELECT 1 AS reader FROM sync_state WHERE user_role = 'reader'";

/** For code holding a raw connection inside its own transaction (the import worker's undo). */
export function queuePatronChangeSet(sqlite: BetterSqlite3.Database, set: PatronChangeSet): string {
  if (sqlite.prepare(readerSql).get()) throw readOnlyAccountError();
  const changeId = uuidv7();
  for (const [text, parameters] of statements(changeId, set)) sqlite.prepare(text).run(...parameters);
  signalChangeQueued();
  return changeId;
}

/** The same through kysely, inside the change's transaction. */
export async function queuePatronChangeSetIn(db: Kysely<Database>, set: PatronChangeSet): Promise<string> {
  await refuseReadOnlyAccount(db);
  const changeId = uuidv7();
  for (const [text, parameters] of statements(changeId, set))
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  signalChangeQueued();
  return changeId;
}

/** Throws READ_ONLY_ACCOUNT when this PC is logged in with a reader account (an import checks first). */
export async function refuseReadOnlyAccount(db: Kysely<Database>): Promise<void> {
  if ((await db.executeQuery(CompiledQuery.raw(readerSql))).rows.length > 0) throw readOnlyAccountError();
}
