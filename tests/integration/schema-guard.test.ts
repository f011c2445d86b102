import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { syncTables } from '../../shared/sync/protocol.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

/**
 * Two guards on the schema:
 * - db/schema.ts (kysely's view, which the compiler trusts) says exactly what the migrated file holds:
 *   the same tables, the same columns, and a column TypeScript types as never null is NOT NULL in SQLite;
 * - a synced table only grows: another PC, or the central service, may still run the previous version,
 *   so a column is never removed, retyped or made NOT NULL without a default. `synced-schema.json` is
 *   the record; after an additive migration, rewrite it with UPDATE_SCHEMA_SNAPSHOT=1 and commit it.
 */

interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

const snapshotFile = path.join(repoRoot, 'tests/fixtures/synced-schema.json');
/** Patrons travel in change-set chunks rather than row mutations, but other PCs read them all the same. */
const syncedTables = [...syncTables, 'patron', 'import_batch'] as const;
/** Tables kysely never queries: SQLite's full-text index and its shadow tables. */
const outsideKysely = /^patron_search(_|$)/;

/** A column on one line, as the formatter writes short objects. */
const oneLine = (column: object) =>
  `{ ${Object.entries(column)
    .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(', ')} }`;

function migratedSchema(): Map<string, Column[]> {
  const sqlite = new BetterSqlite3(path.join(tempDir(), 'schema.sqlite'));
  migrate(sqlite);
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const schema = new Map(
    tables
      .filter((table) => !outsideKysely.test(table))
      .map((table) => [table, sqlite.pragma(`table_info(${table})`) as Column[]]),
  );
  sqlite.close();
  return schema;
}

/** Every table of db/schema.ts's `Database` and, per column, whether its type admits null. */
function declaredSchema(): Map<string, Map<string, boolean>> {
  const file = path.join(repoRoot, 'db/schema.ts');
  const program = ts.createProgram([file], { strict: true, noEmit: true, allowImportingTsExtensions: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const database = source?.statements.find(
    (node): node is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(node) && node.name.text === 'Database',
  );
  if (!database) throw new Error('db/schema.ts: interface Database introuvable');
  const declared = new Map<string, Map<string, boolean>>();
  for (const table of checker.getTypeAtLocation(database).getProperties()) {
    const tableType = checker.getTypeOfSymbolAtLocation(table, database);
    const columns = new Map<string, boolean>();
    for (const column of tableType.getProperties()) {
      const text = checker.typeToString(checker.getTypeOfSymbolAtLocation(column, database));
      columns.set(column.name, /\bnull\b/.test(text));
    }
    declared.set(table.name, columns);
  }
  return declared;
}

describe('the schema guards', () => {
  const real = migratedSchema();

  it('db/schema.ts declares every table and column of the migrated file, nullable where SQLite allows null', () => {
    const declared = declaredSchema();
    expect([...declared.keys()].sort()).toEqual([...real.keys()].sort());
    const drift: string[] = [];
    for (const [table, columns] of real) {
      const typed = declared.get(table) ?? new Map<string, boolean>();
      const names = columns.map((column) => column.name);
      for (const name of names) if (!typed.has(name)) drift.push(`${table}.${name} absent de db/schema.ts`);
      for (const name of typed.keys())
        if (!names.includes(name)) drift.push(`${table}.${name} déclaré mais absent de la base`);
      for (const column of columns) {
        const nullable = typed.get(column.name);
        // A nullable column typed as never null would hand the code a null it does not expect.
        if (nullable === false && column.notnull === 0 && column.pk === 0)
          drift.push(`${table}.${column.name} peut être NULL en base mais pas dans db/schema.ts`);
      }
    }
    expect(drift).toEqual([]);
  });

  it('a synced table only grows: no column removed, retyped or made NOT NULL without a default', () => {
    const current = Object.fromEntries(
      syncedTables.map((table) => [
        table,
        (real.get(table) ?? []).map(({ name, type, notnull, dflt_value }) => ({
          name,
          type,
          notnull,
          dflt_value,
        })),
      ]),
    );
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1')
      fs.writeFileSync(
        snapshotFile,
        `{\n${Object.entries(current)
          .map(
            ([table, columns]) =>
              `  "${table}": [\n${columns.map((c) => `    ${oneLine(c)}`).join(',\n')}\n  ]`,
          )
          .join(',\n')}\n}\n`,
      );
    const recorded = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as typeof current;
    const breaking: string[] = [];
    for (const [table, columns] of Object.entries(recorded)) {
      const now = current[table] ?? [];
      for (const before of columns) {
        const after = now.find((column) => column.name === before.name);
        if (!after) breaking.push(`${table}.${before.name} supprimée`);
        else if (after.type !== before.type)
          breaking.push(`${table}.${before.name} : ${before.type} → ${after.type}`);
        else if (after.notnull > before.notnull && after.dflt_value === null)
          breaking.push(`${table}.${before.name} devenue NOT NULL sans valeur par défaut`);
      }
      for (const added of now.filter((column) => !columns.some((before) => before.name === column.name)))
        if (added.notnull && added.dflt_value === null)
          breaking.push(`${table}.${added.name} ajoutée NOT NULL sans valeur par défaut`);
    }
    expect(breaking).toEqual([]);
    // The record follows the schema: an additive migration updates it in the same commit.
    expect(current).toEqual(recorded);
  });
});
