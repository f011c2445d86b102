import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { columnsOf, databaseAtVersion, insertRows, updateToVersion } from '../../helpers/migrations.ts';

const row = {
  year: 2026,
  scope: 'library',
  key: '01900000-0000-7000-8000-000000000001',
  label: null,
  active: 12,
  fetched_at: '2026-12-05T22:00:00.000Z',
};

describe('migration 13: active patrons pulled from the central service', () => {
  it('adds an empty local table beside the version-12 data, which stays as it was', () => {
    const sqlite = databaseAtVersion(12, { foreignKeys: false });
    insertRows(sqlite, 'setting', [{ key: 'staff_name', value: 'Anne' }]);
    updateToVersion(sqlite, 13);
    expect(schemaVersion(sqlite)).toBe(13);
    expect(columnsOf(sqlite, 'access_activity')).toEqual([
      'year',
      'scope',
      'key',
      'label',
      'active',
      'fetched_at',
    ]);
    expect(sqlite.prepare('SELECT count(*) FROM access_activity').pluck().get()).toBe(0);
    expect(sqlite.prepare("SELECT value FROM setting WHERE key = 'staff_name'").pluck().get()).toBe('Anne');
    sqlite.close();
  });

  it('keeps one figure per year, scope and key, and refuses an unknown scope or a negative count', () => {
    const sqlite = databaseAtVersion(13, { foreignKeys: false });
    insertRows(sqlite, 'access_activity', [row, { ...row, scope: 'departement', key: '', active: 40 }]);
    expect(() => insertRows(sqlite, 'access_activity', [{ ...row, active: 13 }])).toThrow(/UNIQUE/);
    expect(() => insertRows(sqlite, 'access_activity', [{ ...row, scope: 'epci' }])).toThrow(
      /CHECK constraint failed/,
    );
    expect(() => insertRows(sqlite, 'access_activity', [{ ...row, key: 'x', active: -1 }])).toThrow(
      /CHECK constraint failed/,
    );
    expect(sqlite.prepare('SELECT scope, active FROM access_activity ORDER BY scope').all()).toEqual([
      { scope: 'departement', active: 40 },
      { scope: 'library', active: 12 },
    ]);
    sqlite.close();
  });
});
