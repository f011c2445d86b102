import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { deferPatronIndexes, restoreDeferredIndexes } from '../../../db/queries/deferred-indexes.ts';
import { databaseAtVersion, insertRows, patronRow, updateToVersion } from '../../helpers/migrations.ts';

describe('migration 19: the patron indexes a first sync sets aside', () => {
  it('keeps version-18 patrons; their indexes, set aside and built again, come back as they were', () => {
    const sqlite = databaseAtVersion(18, { foreignKeys: false });
    insertRows(sqlite, 'patron', [
      patronRow({ id: 'p1', card_number: '9', library_id: 'L1', last_name: 'Martin', name_key: 'martin|' }),
      patronRow({ id: 'p2', card_number: '1', library_id: 'L2', last_name: 'Marc', name_key: 'marc|' }),
    ]);
    updateToVersion(sqlite, 19);
    expect(schemaVersion(sqlite)).toBe(19);
    const indexes = () =>
      sqlite
        .prepare(
          "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'patron' ORDER BY name",
        )
        .all();
    const before = indexes();

    deferPatronIndexes(sqlite);
    // The unique constraints' indexes (primary key, library and card), which every write checks, stay.
    expect(indexes()).toEqual([
      { name: 'sqlite_autoindex_patron_1', sql: null },
      { name: 'sqlite_autoindex_patron_2', sql: null },
    ]);
    expect(sqlite.prepare('SELECT count(*) FROM deferred_index').pluck().get()).toBe(before.length - 2);
    // One of them built meanwhile (another process's start) is left as it is.
    sqlite.exec('CREATE INDEX patron_by_library ON patron (library_id)');
    expect(restoreDeferredIndexes(sqlite)).toBe(before.length - 3);
    expect(indexes()).toEqual(before);
    expect(sqlite.prepare('SELECT count(*) FROM deferred_index').pluck().get()).toBe(0);
    expect(sqlite.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(2);
    sqlite.close();
  });
});
