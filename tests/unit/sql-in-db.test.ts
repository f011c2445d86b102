import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sources } from '../helpers/sources.ts';
import { repoRoot } from '../helpers/temp.ts';

/**
 * SQL lives in db/ only: the services, the doors and the shell call db/queries (or db/pragmas, db/open)
 * and never write a query, open a connection or set a pragma themselves. This check reads their code.
 */
const rules: { name: string; pattern: RegExp }[] = [
  { name: 'a kysely query', pattern: /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\(/ },
  { name: 'raw SQL', pattern: /\bsql\s*(<[^>]*>)?\s*`|\.prepare\(|\.exec\(\s*['"`]/ },
  { name: 'a pragma', pattern: /\.pragma\(/ },
  { name: 'a connection opened', pattern: /new\s+(BetterSqlite3|Database|Kysely)\s*\(/ },
  {
    name: 'kysely or better-sqlite3 at run time',
    pattern: /^import\s+(?!type\b)[^;]*from\s+'(kysely|better-sqlite3)'/m,
  },
];

function sqlOutsideDb(file: string, source: string): string[] {
  // Comments may name what they avoid.
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  return rules.filter((rule) => rule.pattern.test(code)).map((rule) => `${file}: ${rule.name}`);
}

describe('SQL only in db/', () => {
  it('finds no query, pragma or connection in electron/, renderer/ or shared/', () => {
    const files = [...sources('electron'), ...sources('renderer'), ...sources('shared')];
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) =>
      sqlOutsideDb(file, fs.readFileSync(path.join(repoRoot, file), 'utf8')),
    );
    expect(found).toEqual([]);
  });

  it.each([
    ["await db.selectFrom('patron').selectAll().execute();", 'a kysely query'],
    ["await trx.deleteFrom('patron').where('id', '=', id).execute();", 'a kysely query'],
    ['await sql`DELETE FROM patron`.execute(db);', 'raw SQL'],
    ["sqlite.prepare('SELECT 1').get();", 'raw SQL'],
    ["sqlite.pragma('foreign_keys = OFF');", 'a pragma'],
    ["const db = new BetterSqlite3('base.sqlite');", 'a connection opened'],
    ["import { sql } from 'kysely';", 'kysely or better-sqlite3 at run time'],
  ])('refuses a planted %s', (snippet, rule) => {
    expect(sqlOutsideDb('electron/services/example.ts', snippet)).toEqual([
      `electron/services/example.ts: ${rule}`,
    ]);
  });

  it('accepts type imports, calls into db/, regular expressions and comments naming SQL', () => {
    const ok = `
      import type { Kysely } from 'kysely';
      import type BetterSqlite3 from 'better-sqlite3';
      const rows = await listCostLines(db, year);
      const match = /^(\\d+)$/.exec(value);
      // never db.selectFrom('patron') here
    `;
    expect(sqlOutsideDb('electron/services/example.ts', ok)).toEqual([]);
  });
});
