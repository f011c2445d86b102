import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import {
  columnsOf,
  databaseAtVersion,
  insertRows,
  patronRow,
  updateToVersion,
} from '../../helpers/migrations.ts';

describe('migration 7: patron search entries pending', () => {
  it('keeps version-6 data and adds the list of batches whose search entries are not written yet', () => {
    // The patron's library is left out: only its survival through the migration is checked.
    const sqlite = databaseAtVersion(6, { foreignKeys: false });
    insertRows(sqlite, 'patron', [patronRow()]);
    updateToVersion(sqlite, 7);
    expect(schemaVersion(sqlite)).toBe(7);
    expect(sqlite.prepare('select card_number from patron').pluck().all()).toEqual(['46CZ1']);
    expect(columnsOf(sqlite, 'patron_search_pending')).toEqual([
      'batch_id',
      'first_num',
      'last_num',
      'stamp',
    ]);
    sqlite.prepare("insert into patron_search_pending values ('b1', 1, 20, 't')").run();
    expect(() =>
      sqlite.prepare("insert into patron_search_pending values ('b1', 21, 40, 't')").run(),
    ).toThrow(/UNIQUE/);
    sqlite.close();
  });
});
