import type BetterSqlite3 from 'better-sqlite3';

/**
 * What a diagnostic may say about the database: its SQLite version, its schema version, how many rows
 * each table holds — counts only, never a row — and the settings, secrets masked.
 */
export function sqliteVersion(sqlite: BetterSqlite3.Database): string {
  return sqlite.prepare('SELECT sqlite_version()').pluck().get() as string;
}

export function tableRowCounts(sqlite: BetterSqlite3.Database): Record<string, number> {
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((name) => [
      name,
      sqlite
        .prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number,
    ]),
  );
}

const secret = /token|secret|password|passwd|key|credential/i;

export function maskedSettings(sqlite: BetterSqlite3.Database): Record<string, string> {
  const rows = sqlite.prepare('SELECT key, value FROM setting ORDER BY key').all() as {
    key: string;
    value: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.key, secret.test(r.key) ? '(masqué)' : r.value]));
}
