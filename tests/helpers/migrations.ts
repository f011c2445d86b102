import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrate, schemaVersion } from '../../db/migrate.ts';

/**
 * Migration tests after Signal Desktop's `updateToVersion`: a file is brought to version N by the real
 * migrations (never by a schema copied into the test, which could drift from what users' files hold), is
 * given the rows an app at version N would have written, then is stepped to N + 1 and looked at.
 */

// One folder per worker process: test files share it and this module (vitest.config.ts), so it is removed
// when the process exits rather than after the first file.
let dir: string | undefined;
let filesMade = 0;

function folder(): string {
  if (dir === undefined) {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), 'mednum-migrations-'));
    process.once('exit', () => fs.rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  return dir;
}

/**
 * A new database file at `version`. Foreign keys are on, as the app opens its files (db/open.ts); a test
 * that inserts rows without the rows they point to turns them off.
 */
export function databaseAtVersion(
  version: number,
  options: { foreignKeys?: boolean } = {},
): BetterSqlite3.Database {
  filesMade += 1;
  const sqlite = new BetterSqlite3(path.join(folder(), `v${version}-${filesMade}.sqlite`));
  sqlite.pragma(`foreign_keys = ${options.foreignKeys === false ? 'OFF' : 'ON'}`);
  updateToVersion(sqlite, version);
  return sqlite;
}

/** Runs the migrations up to `version`, and fails at once if there is no such version to reach. */
export function updateToVersion(sqlite: BetterSqlite3.Database, version: number): void {
  migrate(sqlite, { target: version });
  const reached = schemaVersion(sqlite);
  // migrate() stops quietly at the last migration it knows: a mistyped version must not pass for it.
  if (reached !== version) throw new Error(`asked for schema version ${version}, the file is at ${reached}`);
}

/** The tables of the file, by name. */
export function tableNames(sqlite: BetterSqlite3.Database): string[] {
  return sqlite
    .prepare("select name from sqlite_schema where type = 'table' order by name")
    .pluck()
    .all() as string[];
}

/** The columns of `table`, in their declared order. */
export function columnsOf(sqlite: BetterSqlite3.Database, table: string): string[] {
  return sqlite.prepare('select name from pragma_table_info(?)').pluck().all(table) as string[];
}

type Row = Record<string, string | number | null>;

/** Inserts each row by column name, so a test says which values it means without the table's full order. */
export function insertRows(sqlite: BetterSqlite3.Database, table: string, rows: readonly Row[]): void {
  for (const row of rows) {
    const columns = Object.keys(row);
    sqlite
      .prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`)
      .run(...Object.values(row));
  }
}

/** A patron row as version 3 and later accept it (its library need not exist with foreign keys off). */
export function patronRow(overrides: Row = {}): Row {
  return {
    id: 'p1',
    library_id: 'L1',
    card_number: '46CZ1',
    last_name: 'Dupont',
    name_key: 'dupont|',
    created_at: 't',
    updated_at: 't',
    ...overrides,
  };
}

/** A committed import batch as version 3 and later accept it: a full import by Claire that created one patron. */
export function importBatchRow(overrides: Row = {}): Row {
  return {
    id: 'b1',
    library_id: 'L1',
    file_name: 'f.csv',
    file_sha256: 'x',
    mode: 'full',
    actor: 'Claire',
    committed_at: '2026-01-04T10:00:00.000Z',
    created: 1,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    warnings: 0,
    possible_duplicates: 0,
    unregistered: 0,
    created_at: 't',
    updated_at: 't',
    ...overrides,
  };
}
