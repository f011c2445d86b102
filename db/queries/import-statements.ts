import type BetterSqlite3 from 'better-sqlite3';

/** The stored columns of a patron, in one order shared by inserts, updates, comparisons and undo. */
export const patronColumns = [
  'last_name',
  'first_name',
  'birth_date',
  'birth_year',
  'email',
  'postal_code',
  'commune_insee',
  'commune_name',
  'registered_on',
  'expires_on',
  'category',
  'registered',
] as const;

/**
 * The prepared statements of a patron import: raw better-sqlite3, not kysely, because a 100,000-row
 * file runs each of them once per row inside one transaction.
 */
const columnList = patronColumns.join(', ');

/**
 * An update of the columns a re-import changes, by the patron's number, its statement prepared once per set
 * of columns (a file brings a handful: an end date, a commune, an e-mail…). Setting only those columns
 * leaves untouched the indexes of the others: a renewal setting every column rewrote the patron's entries
 * in the three indexes on its name key. Parameters: the columns' values in `columns` order, the name key
 * when `withNameKey`, the row's fingerprint, `updated_at`, `num`.
 */
function changedColumnsUpdate(db: BetterSqlite3.Database) {
  const prepared = new Map<string, BetterSqlite3.Statement>();
  return (columns: readonly PatronColumn[], withNameKey: boolean): BetterSqlite3.Statement => {
    const key = `${columns.join(',')}|${withNameKey}`;
    let statement = prepared.get(key);
    if (!statement) {
      const sets = [...columns.map((c) => `${c} = ?`), ...(withNameKey ? ['name_key = ?'] : [])];
      statement = db.prepare(
        `UPDATE patron SET ${sets.join(', ')}, import_fingerprint = ?, updated_at = ? WHERE num = ?`,
      );
      prepared.set(key, statement);
    }
    return statement;
  };
}

export type PatronColumn = (typeof patronColumns)[number];

export function prepareImportStatements(db: BetterSqlite3.Database) {
  return {
    libraryPatrons: db.prepare(
      `SELECT num, id, card_number, ${columnList}, name_key, import_fingerprint FROM patron WHERE library_id = ?`,
    ),
    /**
     * For a JSON array of [name_key, birth_date] pairs, the stored patron with the same ones — of this
     * library first (a new row's card is not stored, so it is another card), else of another library; the
     * earliest of each — with what a preview shows of it: `at` is the pair's index, only pairs that have
     * one answer. One statement and the person index, so 100,000 candidates never bring the registry into
     * memory.
     */
    samePeople: db.prepare(`
      SELECT c.key AS at, p.id, p.library_id, l.name AS library_name, p.card_number, p.last_name,
        p.first_name, p.birth_date, p.birth_year, p.email
      FROM json_each(@pairs) c
      JOIN patron p ON p.num = (
        SELECT s.num FROM patron s
        WHERE s.name_key = c.value ->> 0 AND s.birth_date = c.value ->> 1
        ORDER BY s.library_id <> @library, s.created_at LIMIT 1
      )
      JOIN library l ON l.id = p.library_id`),
    insertBatch:
      db.prepare(`INSERT INTO import_batch (id, library_id, file_name, file_sha256, mode, actor, committed_at,
      created, updated, unchanged, rejected, warnings, possible_duplicates, unregistered, report, created_at, updated_at)
      VALUES (@id, @library_id, @file_name, @file_sha256, @mode, @actor, @committed_at, @created, @updated, @unchanged,
      @rejected, @warnings, @possible_duplicates, @unregistered, @report, @created_at, @updated_at)`),
    insertPatron:
      db.prepare(`INSERT INTO patron (id, library_id, card_number, last_name, first_name, birth_date,
      birth_year, email, postal_code, commune_insee, commune_name, registered_on, expires_on, category, registered,
      name_key, duplicate_of, duplicate_status, created_batch, created_at, updated_at, import_fingerprint)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`),
    updatePatron: changedColumnsUpdate(db),
    unregister: db.prepare('UPDATE patron SET registered = 0, updated_at = ? WHERE id = ?'),
    /** An unchanged patron read from other cells (another export, a new release): not a change of the patron. */
    setFingerprint: db.prepare('UPDATE patron SET import_fingerprint = ? WHERE num = ?'),
    indexPatron: db.prepare('INSERT INTO patron_search (rowid, text) VALUES (?, ?)'),
    unindexPatron: db.prepare('DELETE FROM patron_search WHERE rowid = ?'),
    insertChange: db.prepare(
      'INSERT INTO import_change (batch_id, patron_id, action, prior, stamp) VALUES (?, ?, ?, ?, ?)',
    ),
  };
}

/** Every stored patron's name key and birth date, read from the person index alone (no table row). */
export function readPeoplePairs(db: BetterSqlite3.Database): Iterable<[string, string]> {
  return db
    .prepare('SELECT name_key, birth_date FROM patron WHERE birth_date IS NOT NULL')
    .raw()
    .iterate() as Iterable<[string, string]>;
}

/**
 * The import worker's connection keeps 16 MB of pages, not the app's 64 MB: a batch's writes are mostly
 * appends (rowid, time-ordered ids, cards in file order) plus the person index and the search segments,
 * and every cached page counts in the process's memory at the import's peak (measured: no slower).
 */
export function limitImportPageCache(db: BetterSqlite3.Database) {
  db.pragma('cache_size = -16384');
}
