import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import {
  columnsOf,
  databaseAtVersion,
  insertRows,
  patronRow,
  updateToVersion,
} from '../../helpers/migrations.ts';

describe('migration 4: service cost', () => {
  it('keeps version-3 data and adds the yearly cost lines, sync-ready', () => {
    // The patron's library is left out: only its survival through the migration is checked.
    const sqlite = databaseAtVersion(3, { foreignKeys: false });
    insertRows(sqlite, 'patron', [patronRow()]);
    updateToVersion(sqlite, 4);
    expect(schemaVersion(sqlite)).toBe(4);
    expect(sqlite.prepare('select card_number from patron').pluck().all()).toEqual(['46CZ1']);
    expect(columnsOf(sqlite, 'service_cost')).toEqual([
      'id',
      'year',
      'vendor',
      'label',
      'pricing',
      'amount_cents',
      'created_at',
      'updated_at',
    ]);
    expect(() =>
      sqlite.prepare("insert into service_cost values ('c', 2027, 'V', 'L', 'gratuit', 100, 't', 't')").run(),
    ).toThrow(/CHECK/);
    sqlite.close();
  });
});
