import type BetterSqlite3 from 'better-sqlite3';
import { type Change, syncTables } from '../../shared/sync/protocol.ts';

type Value = string | number | null;
type Row = Record<string, Value>;

/**
 * A snapshot's patrons for a table only the snapshot wrote: each one's id, search text, and values
 * (`value(row, index)`, in the order of the columns the writer was made for; booleans already numbers).
 */
export interface FreshPatrons {
  ids: readonly string[];
  search: readonly string[];
  value(row: number, index: number): Value;
}

/**
 * Columns besides `id` that identify a row for people, one value per PC: two PCs may create the same one
 * offline (Grand-Figeac's follow-up, a library code, a patron card). The server keeps one id; the
 * mirror then replaces its own row by the server's and re-points what referred to the local id.
 */
const naturalKeys: Record<string, readonly string[]> = {
  epci_followup: ['epci_siren'],
  library: ['code'],
  mapping_profile: ['library_id', 'name'],
  patron: ['library_id', 'card_number'],
};

/** Columns of other tables holding a row's id: re-pointed when a row's id changes. */
const references: Record<string, readonly (readonly [string, string])[]> = {
  library: [
    ['patron', 'library_id'],
    ['mapping_profile', 'library_id'],
    ['import_batch', 'library_id'],
  ],
  patron: [
    ['patron', 'duplicate_of'],
    ['import_change', 'patron_id'],
  ],
};

/**
 * Columns that are this PC's own, which no server sends or sets: the patron's rowid (`num`) and its last
 * import's fingerprint (migration 20). Counted among a table's columns, the fingerprint made every row of a
 * first sync miss one, and all 200,000 took the slow general path: 3.8 s → 5.6 s.
 */
export const localColumns: ReadonlySet<string> = new Set(['num', 'import_fingerprint']);

/** The local state of sync, keyed by (table, row id): re-pointed with the row. */
const syncKeyedTables = ['sync_outbox', 'sync_version', 'sync_conflict', 'sync_rejection'] as const;

/**
 * The path by which the server's rows reach the mirror — never db/write.ts, so nothing pulled goes back
 * into the outbox and no audit line is written twice (the author's PC wrote it). Every method runs inside
 * the caller's transaction; foreign keys are deferred to its commit, as a page may hold a row before the
 * row it refers to was re-pointed.
 */
export function createSyncApplier(
  sqlite: BetterSqlite3.Database,
  options: { patronSearchText(row: Row): string; now(): Date },
) {
  const columnsOf = memo((table: string) => {
    const columns = sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
    return new Set(columns.filter((column) => !localColumns.has(column)));
  });
  const statement = memo((sql: string) => sqlite.prepare(sql));
  // Statements are prepared on first use: a door opening a damaged file (to restore it) never applies.
  const recordVersion = () =>
    statement(
      `INSERT INTO sync_version (table_name, row_id, version, data) VALUES (?, ?, ?, ?)
       ON CONFLICT (table_name, row_id) DO UPDATE SET version = excluded.version, data = excluded.data
       WHERE excluded.version >= version`,
    );
  const editable = new Set<string>(syncTables);

  /** One prepared upsert per table and column list (a snapshot's 200,000 rows share one). */
  const upsertFor = memo((key: string) => {
    const [table, list] = key.split('|') as [string, string];
    const names = list.split(',');
    const sets = names.filter((name) => name !== 'id').map((name) => `${name} = excluded.${name}`);
    return sqlite.prepare(
      `INSERT INTO ${table} (${list}) VALUES (${names.map(() => '?').join(', ')})
       ON CONFLICT (id) DO ${sets.length ? `UPDATE SET ${sets.join(', ')}` : 'NOTHING'}`,
    );
  });

  /** Set while a snapshot fills an empty patron table: no local row can clash, so none is looked for. */
  let freshPatrons = false;

  /** Every patron column but `id` and `num`, in the order of the snapshot's insert below. */
  const patronColumns = memo(() => [...columnsOf('patron')].filter((column) => column !== 'id'));
  const insertPatron = memo(() =>
    sqlite.prepare(
      `INSERT INTO patron (id, ${patronColumns('').join(', ')}) VALUES (?${', ?'.repeat(patronColumns('').length)})`,
    ),
  );

  /**
   * A snapshot's patron into a table only this snapshot wrote: one prepared insert and its search entry,
   * without the row object, the clash lookups or the read back of the general path (at 200,000 patrons
   * that path's JavaScript was a second of a first sync). A row missing a column takes the general path,
   * which gives it the column's default. False: not written here.
   */
  function insertFreshPatron(id: string, incoming: Record<string, unknown>): boolean {
    const columns = patronColumns('');
    const values: Value[] = [id];
    for (const column of columns) {
      if (!(column in incoming)) return false;
      const value = incoming[column];
      values.push(typeof value === 'boolean' ? Number(value) : (value as Value));
    }
    insertWithSearch(values, options.patronSearchText(incoming as Row));
    return true;
  }

  function insertWithSearch(values: Value[], searchText: string) {
    const num = insertPatron('').run(values).lastInsertRowid;
    statement('INSERT INTO patron_search (rowid, text) VALUES (?, ?)').run(num, searchText);
  }

  /**
   * `insertFreshPatron` for a page of format 2's patrons whose values and search texts were read on
   * another thread (the pull's): nothing is parsed or built per patron on the thread that writes them.
   * `value(row, index)` is the row's value of `columns[index]`. Null when `columns` lacks one of the
   * table's: those rows take the general path, which gives that column its default. (One statement per
   * 64 rows was measured too: no faster than these prepared single-row inserts.)
   */
  function freshPatronWriter(columns: readonly string[]) {
    const at = new Map(columns.map((column, index) => [column, index]));
    const order = patronColumns('').map((column) => at.get(column));
    if (order.includes(undefined)) return null;
    const indexes = order as number[];
    return (patrons: FreshPatrons) => {
      const values: Value[] = new Array(indexes.length + 1);
      for (let row = 0; row < patrons.ids.length; row++) {
        values[0] = patrons.ids[row] as string;
        for (let i = 0; i < indexes.length; i++) values[i + 1] = patrons.value(row, indexes[i] as number);
        insertWithSearch(values, patrons.search[row] as string);
      }
    };
  }

  function upsert(table: string, id: string, incoming: Record<string, unknown>) {
    if (freshPatrons && table === 'patron' && insertFreshPatron(id, incoming)) return;
    const columns = columnsOf(table);
    const at = options.now().toISOString();
    const row: Row = { created_at: at, updated_at: at };
    for (const column in incoming) {
      const value = incoming[column];
      if (columns.has(column)) row[column] = typeof value === 'boolean' ? Number(value) : (value as Value);
    }
    row.id = id;
    if (table === 'import_batch' && keepOwnBatch(row)) return;
    const fresh = freshPatrons && table === 'patron';
    if (table === 'patron' && !fresh && changeWaiting(id)) return;
    if (!fresh) replaceNaturalTwin(table, row);
    const names = Object.keys(row);
    const values = names.map((name) => row[name] ?? null);
    const write = upsertFor(`${table}|${names.join(',')}`);
    if (table !== 'patron') {
      write.run(...values);
      // A batch inserted by the pull queued itself for upload (migration 6's trigger): it came from there.
      if (table === 'import_batch')
        statement("DELETE FROM sync_patron_upload WHERE change_id = ? AND kind = 'import'").run(id);
      return;
    }
    // The trigram index follows the row: its rowid is the patron's local `num`.
    const before = fresh
      ? undefined
      : (statement('SELECT num FROM patron WHERE id = ?').pluck().get(id) as number | undefined);
    const written = write.run(...values);
    const num = before ?? Number(written.lastInsertRowid);
    if (before !== undefined) statement('DELETE FROM patron_search WHERE rowid = ?').run(num);
    const stored =
      before === undefined ? row : (statement('SELECT * FROM patron WHERE num = ?').get(num) as Row);
    statement('INSERT INTO patron_search (rowid, text) VALUES (?, ?)').run(
      num,
      options.patronSearchText(stored),
    );
  }

  function remove(table: string, id: string) {
    if (!columnsOf(table).size) return;
    if (table === 'patron') {
      const num = statement('SELECT num FROM patron WHERE id = ?').pluck().get(id) as number | undefined;
      if (num === undefined) return;
      statement('DELETE FROM patron_search WHERE rowid = ?').run(num);
      statement('UPDATE patron SET duplicate_of = NULL, duplicate_status = NULL WHERE duplicate_of = ?').run(
        id,
      );
    }
    statement(`DELETE FROM ${table} WHERE id = ?`).run(id);
  }

  /**
   * A batch imported on this PC comes back from the server with the server's commit time, its own counts
   * and no report: the PC keeps its richer row (its undo compares patron stamps with its own commit time)
   * and takes only what happened to it since — an undo.
   */
  function keepOwnBatch(row: Row): boolean {
    const own = statement('SELECT 1 FROM import_batch WHERE id = ?').pluck().get(row.id) !== undefined;
    if (own && row.undone_at)
      statement(
        'UPDATE import_batch SET undone_at = ?, undone_by = ?, updated_at = ? WHERE id = ? AND undone_at IS NULL',
      ).run(row.undone_at, row.undone_by ?? null, row.updated_at ?? null, row.id);
    return own;
  }

  /**
   * A patron this PC changed (or deleted) after its last upload keeps its local state: the change set
   * waiting for the next sync carries it as it stands, and the server's answer comes back with that pull.
   * Applying the server's older row now would put it in the change set instead (a decision made while a
   * sync was pulling would be lost). A tombstone is always applied: a delete wins.
   */
  function changeWaiting(id: string): boolean {
    return (
      statement('SELECT 1 FROM sync_patron_upload_row WHERE patron_id = ? LIMIT 1').pluck().get(id) !==
      undefined
    );
  }

  /** A local row holding the same natural key under another id gives way to the server's row. */
  function replaceNaturalTwin(table: string, row: Row) {
    const key = naturalKeys[table];
    if (!key || key.some((column) => !(column in row))) return;
    const twin = statement(
      `SELECT id FROM ${table} WHERE ${key.map((c) => `${c} = ?`).join(' AND ')} AND id <> ?`,
    )
      .pluck()
      .get(...key.map((column) => row[column]), row.id) as string | undefined;
    if (twin === undefined) return;
    const newId = row.id as string;
    remove(table, twin);
    for (const [other, column] of references[table] ?? []) {
      statement(`UPDATE ${other} SET ${column} = ? WHERE ${column} = ?`).run(newId, twin);
    }
    for (const other of syncKeyedTables) {
      statement(`UPDATE OR REPLACE ${other} SET row_id = ? WHERE table_name = ? AND row_id = ?`).run(
        newId,
        table,
        twin,
      );
    }
  }

  /** Puts this PC's unacknowledged changes of a row back on top of what the server sent. */
  function rebase(table: string, rowId: string) {
    const pending = statement(
      'SELECT op, patch, at FROM sync_outbox WHERE table_name = ? AND row_id = ? ORDER BY client_seq',
    ).all(table, rowId) as { op: string; patch: string; at: string }[];
    for (const entry of pending) {
      if (entry.op === 'delete') {
        remove(table, rowId);
        continue;
      }
      const patch = JSON.parse(entry.patch) as Row;
      const exists = statement(`SELECT 1 FROM ${table} WHERE id = ?`).pluck().get(rowId) !== undefined;
      if (!exists) {
        insertIfComplete(table, rowId, patch, entry.at);
        continue;
      }
      const fields = Object.keys(patch).filter((field) => columnsOf(table).has(field));
      if (fields.length === 0) continue;
      statement(`UPDATE ${table} SET ${fields.map((f) => `${f} = ?`).join(', ')} WHERE id = ?`).run(
        ...fields.map((field) => patch[field] ?? null),
        rowId,
      );
    }
  }

  function eachOnce(
    rows: readonly { table: string; rowId: string }[],
    run: (table: string, rowId: string) => void,
  ) {
    const seen = new Set<string>();
    for (const { table, rowId } of rows) {
      const key = `${table}\u0000${rowId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      run(table, rowId);
    }
  }

  return {
    freshPatronWriter,
    /**
     * Applies the server's rows (or tombstones), records the version each row this PC may edit is now at
     * and the server's copy of it, then re-applies local unacknowledged changes of those rows so
     * that local edits stay visible until the server answers for them.
     */
    applyChanges(changes: readonly Change[], options: { freshPatrons?: boolean } = {}) {
      sqlite.pragma('defer_foreign_keys = ON');
      freshPatrons = options.freshPatrons ?? false;
      for (const change of changes) {
        if (change.deleted || !change.row) remove(change.table, change.rowId);
        else upsert(change.table, change.rowId, change.row);
        // Patrons and import batches are never edited through the outbox: no base version to remember.
        if (editable.has(change.table))
          recordVersion().run(
            change.table,
            change.rowId,
            change.version,
            change.row ? JSON.stringify(change.row) : null,
          );
      }
      eachOnce(
        changes.filter((change) => editable.has(change.table)),
        (table, rowId) => rebase(table, rowId),
      );
    },

    /**
     * After the server refused a change or kept its own value (conflict): the row goes back to the server's
     * copy (or away, if the server never had it), with the changes still waiting on top. A refused new row
     * that local rows point at (a library with its patrons) stays: removing it would fail the foreign-key
     * check and block every later sync; its refusal is filed for people to read.
     */
    restore(rows: readonly { table: string; rowId: string }[]) {
      sqlite.pragma('defer_foreign_keys = ON');
      eachOnce(rows, (table, rowId) => {
        const data = statement('SELECT data FROM sync_version WHERE table_name = ? AND row_id = ?')
          .pluck()
          .get(table, rowId) as string | null | undefined;
        if (data) upsert(table, rowId, JSON.parse(data) as Row);
        else if (!referencedLocally(table, rowId)) remove(table, rowId);
        rebase(table, rowId);
      });
    },
  };

  function referencedLocally(table: string, id: string): boolean {
    return (references[table] ?? []).some(
      ([other, column]) =>
        statement(`SELECT 1 FROM ${other} WHERE ${column} = ? LIMIT 1`).pluck().get(id) !== undefined,
    );
  }

  /** A creation patch holds every column; a partial one (an edit of a row deleted since) cannot stand alone. */
  function insertIfComplete(table: string, id: string, patch: Row, at: string) {
    const row: Row = { ...patch, id, created_at: at, updated_at: at };
    const names = Object.keys(row).filter((name) => columnsOf(table).has(name));
    try {
      statement(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(
        ...names.map((name) => row[name] ?? null),
      );
    } catch {
      // NOT NULL or CHECK refused it: the row stays as the server has it until the push result comes.
    }
  }
}

export type SyncApplier = ReturnType<typeof createSyncApplier>;

function memo<T>(make: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      cache.set(key, value);
    }
    return value;
  };
}
