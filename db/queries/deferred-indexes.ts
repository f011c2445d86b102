import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The patron table's secondary indexes, set aside while a first sync fills the empty table (migration 19):
 * building each once after the last page costs a fraction of keeping it up to date row by row.
 */

/**
 * Inside the snapshot's first transaction, the table still empty: each secondary index's definition is
 * kept in deferred_index, then the index dropped. The unique constraints stay (their autoindexes have no
 * definition): every write checks them.
 */
export function deferPatronIndexes(sqlite: BetterSqlite3.Database): void {
  const indexes = sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'patron' AND sql IS NOT NULL",
    )
    .all() as { name: string; sql: string }[];
  const keep = sqlite.prepare('INSERT OR REPLACE INTO deferred_index (name, sql) VALUES (?, ?)');
  for (const index of indexes) {
    keep.run(index.name, index.sql);
    sqlite.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  }
}

/**
 * Builds every deferred index again and forgets it, inside a write transaction: by the snapshot's last
 * page, and by whoever finds some left by a sync that stopped (the next start, the failed pull). One
 * already there (built by another process meanwhile) is left as it is. Returns how many were built.
 */
export function restoreDeferredIndexes(sqlite: BetterSqlite3.Database): number {
  const deferred = sqlite.prepare('SELECT name, sql FROM deferred_index ORDER BY name').all() as {
    name: string;
    sql: string;
  }[];
  const present = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck();
  let built = 0;
  for (const index of deferred) {
    if (present.get(index.name) !== undefined) continue;
    sqlite.exec(index.sql);
    built++;
  }
  if (deferred.length > 0) sqlite.prepare('DELETE FROM deferred_index').run();
  return built;
}

/** Whether a first sync has the patron indexes set aside: a search then names none of them. */
export async function patronIndexesDeferred(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('deferred_index').select('name').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Whether any index waits to be built again, read without a transaction. */
export function hasDeferredIndexes(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.prepare('SELECT 1 FROM deferred_index LIMIT 1').get() !== undefined;
}
