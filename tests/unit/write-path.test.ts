import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sources } from '../helpers/sources.ts';
import { repoRoot } from '../helpers/temp.ts';

/**
 * Every write transaction begins IMMEDIATE through db/transaction.ts: a deferred `BEGIN` that reads then
 * writes meets SQLITE_BUSY at once when another connection wrote meanwhile, whatever busy_timeout says.
 * This check reads the code that touches SQLite and refuses any other way of beginning a transaction.
 */
const home = 'db/transaction.ts';

const rules: { name: string; pattern: RegExp }[] = [
  // better-sqlite3's `sqlite.transaction(fn)()` begins deferred; kysely's `db.transaction()` is fine (its
  // dialect, built in db/transaction.ts, begins IMMEDIATE).
  { name: 'better-sqlite3 transaction()', pattern: /\.transaction\(\s*(?!\))/ },
  { name: 'raw BEGIN', pattern: /\.exec\(\s*['"`]\s*begin\b/i },
  { name: 'kysely SqliteDialect', pattern: /new\s+SqliteDialect\s*\(/ },
  // A connection's busy_timeout blocks whichever thread runs it: set in db/ only.
  { name: 'busy_timeout', pattern: /busy_timeout/ },
];

function findDeferredWrites(file: string, source: string): string[] {
  if (file === home) return [];
  const found: string[] = [];
  for (const rule of rules) {
    if (rule.name === 'busy_timeout' && file.startsWith('db/')) continue;
    // Comments may name what they avoid.
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    if (rule.pattern.test(code)) found.push(`${file}: ${rule.name}`);
  }
  return found;
}

describe('the write path', () => {
  it('has every SQLite transaction of the app begin through db/transaction.ts', () => {
    const files = [...sources('db'), ...sources('electron')];
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) =>
      findDeferredWrites(file, fs.readFileSync(path.join(repoRoot, file), 'utf8')),
    );
    expect(found).toEqual([]);
  });

  it.each([
    ['sqlite.transaction(() => { write(); })();', 'better-sqlite3 transaction()'],
    ["sqlite.exec('BEGIN');", 'raw BEGIN'],
    ['db.exec(`begin deferred`)', 'raw BEGIN'],
    ['new Kysely({ dialect: new SqliteDialect({ database }) })', 'kysely SqliteDialect'],
    ["sqlite.pragma('busy_timeout = 5000')", 'busy_timeout'],
  ])('refuses %s', (snippet, rule) => {
    expect(findDeferredWrites('electron/services/example.ts', snippet)).toEqual([
      `electron/services/example.ts: ${rule}`,
    ]);
  });

  it('accepts kysely transactions, the helpers, and comments that name what they avoid', () => {
    const ok = `
      await db.transaction().execute(async (trx) => trx.insertInto('x').values({}).execute());
      writeTransaction(sqlite, () => write());
      // a deferred sqlite.exec('BEGIN') would fail here
    `;
    expect(findDeferredWrites('electron/services/example.ts', ok)).toEqual([]);
  });
});
