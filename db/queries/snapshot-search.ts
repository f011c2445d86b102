import type BetterSqlite3 from 'better-sqlite3';

/**
 * How many bytes of new entries the search index keeps in memory, within a transaction, before writing
 * them out as a segment (FTS5's `hashsize`, kept in the index's own config). SQLite's default, 1 MB, holds
 * a few thousand patrons' trigrams: a first sync's 20,000-row page wrote several segments, each merged
 * again by the commits after it.
 */
const defaultBuffer = 1024 * 1024;
const pageBuffer = 64 * 1024 * 1024;

/**
 * Runs `write` (inside the caller's transaction) with a buffer as large as a page's entries, then sets
 * SQLite's default back in the same transaction: whether the page commits or rolls back, the index is left
 * as every other writer (an import) expects it.
 */
export function withSearchBuffer<T>(sqlite: BetterSqlite3.Database, write: () => T): T {
  const set = sqlite.prepare(
    "INSERT INTO patron_search (patron_search, rank) VALUES ('hashsize', CAST(? AS INTEGER))",
  );
  set.run(pageBuffer);
  const result = write();
  set.run(defaultBuffer);
  return result;
}
