import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Where this PC stands in the server's log: the pull cursor, and an unfinished snapshot's progress (the
 * version it is a copy of, how many rows it has written). Raw connection: the pull applies them inside
 * the mirror's write transactions (electron/services/sync/mirror.ts).
 */
export function snapshotProgress(sqlite: BetterSqlite3.Database) {
  return sqlite.prepare('SELECT cursor, snapshot_from, snapshot_rows FROM sync_state WHERE id = 1').get() as {
    cursor: number;
    snapshot_from: number | null;
    snapshot_rows: number;
  };
}

export function recordSnapshotProgress(
  sqlite: BetterSqlite3.Database,
  version: number,
  written: number,
): void {
  sqlite
    .prepare(
      'UPDATE sync_state SET snapshot_from = coalesce(snapshot_from, ?), snapshot_rows = ? WHERE id = 1',
    )
    .run(version, written);
}

export function endSnapshot(sqlite: BetterSqlite3.Database): void {
  sqlite.prepare('UPDATE sync_state SET snapshot_from = NULL, snapshot_rows = 0 WHERE id = 1').run();
}

export function readCursor(sqlite: BetterSqlite3.Database): number {
  return sqlite.prepare('SELECT cursor FROM sync_state WHERE id = 1').pluck().get() as number;
}

/** Only ever forward: an answer that arrives late (a retried request) cannot move the cursor back. */
export function moveCursor(sqlite: BetterSqlite3.Database, cursor: number): void {
  sqlite.prepare('UPDATE sync_state SET cursor = ? WHERE id = 1 AND cursor < ?').run(cursor, cursor);
}

export async function cursorOf(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('sync_state').select('cursor').where('id', '=', 1).executeTakeFirst();
  return row?.cursor ?? 0;
}

/** The highest patron `num`, read again at each call (an import in another connection raises it). */
export function highestPatronNum(sqlite: BetterSqlite3.Database): () => number | null {
  const statement = sqlite.prepare('SELECT max(num) FROM patron').pluck();
  return () => statement.get() as number | null;
}

/** Whether every reference resolves (SQLite's foreign_key_check finds nothing). */
export function referencesHold(sqlite: BetterSqlite3.Database): boolean {
  return (sqlite.pragma('foreign_key_check') as unknown[]).length === 0;
}
