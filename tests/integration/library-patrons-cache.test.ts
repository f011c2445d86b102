import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { configureConnection } from '../../db/open.ts';
import { prepareImportStatements } from '../../db/queries/import-statements.ts';
import { LibraryPatronsCache } from '../../electron/services/import/library-patrons.ts';
import { tempDir } from '../helpers/temp.ts';

const file = path.join(tempDir(), 'library-patrons.sqlite');

function connect() {
  const db = new BetterSqlite3(file);
  configureConnection(db);
  db.pragma('foreign_keys = OFF');
  return db;
}

const addPatron = (db: BetterSqlite3.Database, card: string, email: string) =>
  db
    .prepare(`INSERT INTO patron (id, library_id, card_number, last_name, name_key, email, created_at, updated_at)
      VALUES (?, 'L1', ?, 'X', ?, ?, 't', 't')`)
    .run(`p-${card}`, card, `x|${card}`, email);

describe('the library patrons an import session keeps between analyses', () => {
  it('reads them once, then again only after another connection committed, seeing what it wrote', () => {
    const app = connect();
    migrate(app);
    for (let i = 0; i < 1_000; i += 1) addPatron(app, `C${i}`, `lecteur${i}@example.fr`);

    // The import worker's connection, open at the same time as the app's.
    const worker = connect();
    const statements = prepareImportStatements(worker);
    const cache = new LibraryPatronsCache('L1');
    const first = cache.read(worker, statements);
    expect(first.stored.size).toBe(1_000);
    // Nothing committed elsewhere: the same patrons, not read again.
    expect(cache.read(worker, statements)).toBe(first);

    // A staff edit on the app's connection while the session is open.
    addPatron(app, 'NEW', 'nouveau@example.fr');
    const second = cache.read(worker, statements);
    expect(second).not.toBe(first);
    expect(second.stored.get('NEW')?.email).toBe('nouveau@example.fr');
    expect(second.stored.size).toBe(1_001);
    app.close();
    worker.close();
  });
});
