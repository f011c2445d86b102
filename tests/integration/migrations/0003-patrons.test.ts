import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import {
  databaseAtVersion,
  insertRows,
  patronRow,
  tableNames,
  updateToVersion,
} from '../../helpers/migrations.ts';

describe('migration 3: patrons', () => {
  it('keeps version-2 libraries and adds the patron registry, its search index, batches and profiles', () => {
    const sqlite = databaseAtVersion(2);
    const t = '2026-01-01T00:00:00.000Z';
    sqlite.exec("insert into commune values ('46102', 'Figeac', '46')");
    insertRows(sqlite, 'library', [
      {
        id: 'L1',
        code: 'FIGEAC',
        name: 'Médiathèque de Figeac',
        kind: 'mediatheque',
        commune_insee: '46102',
        ils: 'koha',
        created_at: t,
        updated_at: t,
      },
    ]);

    updateToVersion(sqlite, 3);
    expect(schemaVersion(sqlite)).toBe(3);
    expect(sqlite.prepare('select code from library').pluck().all()).toEqual(['FIGEAC']);
    expect(tableNames(sqlite)).toEqual(
      expect.arrayContaining(['patron', 'patron_search', 'import_batch', 'import_change', 'mapping_profile']),
    );
    sqlite.close();
  });

  it('refuses two patrons with one card number in one library, and accepts it in another', () => {
    // Only the uniqueness rule is under test here, not the libraries the rows point to.
    const sqlite = databaseAtVersion(3, { foreignKeys: false });
    const insert = (id: string, libraryId: string) =>
      insertRows(sqlite, 'patron', [patronRow({ id, library_id: libraryId })]);
    insert('p1', 'L1');
    expect(() => insert('p2', 'L1')).toThrow(/UNIQUE/);
    expect(() => insert('p3', 'L2')).not.toThrow();
    sqlite.close();
  });

  it('searches the trigram index by any three letters of the folded text', () => {
    const sqlite = databaseAtVersion(3);
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
