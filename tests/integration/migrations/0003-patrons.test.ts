import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../db/migrate.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();

describe('migration 3: patrons', () => {
  it('keeps version-2 libraries and adds the patron registry, its search index, batches and profiles', () => {
    const sqlite = new BetterSqlite3(path.join(dir, 'v2-to-v3.sqlite'));
    sqlite.pragma('foreign_keys = ON');
    migrate(sqlite, { target: 2 });
    const t = '2026-01-01T00:00:00.000Z';
    sqlite.exec(`
      insert into commune values ('46102', 'Figeac', '46');
      insert into library (id, code, name, kind, commune_insee, ils, created_at, updated_at)
        values ('L1', 'FIGEAC', 'Médiathèque de Figeac', 'mediatheque', '46102', 'koha', '${t}', '${t}');
    `);

    migrate(sqlite, { target: 3 });
    expect(schemaVersion(sqlite)).toBe(3);
    expect(sqlite.prepare('select code from library').pluck().all()).toEqual(['FIGEAC']);
    const tables = sqlite
      .prepare("select name from sqlite_schema where type = 'table' order by name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining(['patron', 'patron_search', 'import_batch', 'import_change', 'mapping_profile']),
    );
    sqlite.close();
  });

  it('refuses two patrons with one card number in one library, and accepts it in another', () => {
    const sqlite = new BetterSqlite3(path.join(dir, 'unique.sqlite'));
    // Only the uniqueness rule is under test here, not the libraries the rows point to.
    sqlite.pragma('foreign_keys = OFF');
    migrate(sqlite, { target: 3 });
    const insert =
      sqlite.prepare(`insert into patron (id, library_id, card_number, last_name, name_key, created_at, updated_at)
      values (?, ?, '46CZ1', 'Dupont', 'dupont|', 't', 't')`);
    insert.run('p1', 'L1');
    expect(() => insert.run('p2', 'L1')).toThrow(/UNIQUE/);
    expect(() => insert.run('p3', 'L2')).not.toThrow();
    sqlite.close();
  });

  it('searches the trigram index by any three letters of the folded text', () => {
    const sqlite = new BetterSqlite3(path.join(dir, 'search.sqlite'));
    migrate(sqlite, { target: 3 });
    sqlite
      .prepare('insert into patron_search (rowid, text) values (?, ?)')
      .run(7, 'lapeze aurelien 2300010126 aurelien lapeze orange fr');
    expect(
      sqlite.prepare('select rowid from patron_search where patron_search match \'"peze"\'').pluck().all(),
    ).toEqual([7]);
    sqlite.prepare('delete from patron_search where rowid = 7').run();
    expect(
      sqlite.prepare('select rowid from patron_search where patron_search match \'"peze"\'').pluck().all(),
    ).toEqual([]);
    sqlite.close();
  });
});
