import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import {
  columnsOf,
  databaseAtVersion,
  insertRows,
  tableNames,
  updateToVersion,
} from '../../helpers/migrations.ts';

describe('migration 10: communes’ postal codes and former names', () => {
  it('keeps version-9 communes and adds the two empty tables beside them', () => {
    const sqlite = databaseAtVersion(9);
    insertRows(sqlite, 'commune', [{ insee: '46138', name: 'Cœur de Causse', departement: '46' }]);
    updateToVersion(sqlite, 10);
    expect(schemaVersion(sqlite)).toBe(10);
    expect(tableNames(sqlite)).toEqual(
      expect.arrayContaining(['commune_postal_code', 'commune_former_name']),
    );
    expect(columnsOf(sqlite, 'commune_postal_code')).toEqual(['postal_code', 'commune_insee']);
    expect(columnsOf(sqlite, 'commune_former_name')).toEqual([
      'commune_insee',
      'former_insee',
      'name',
      'kind',
    ]);
    expect(sqlite.prepare('SELECT name FROM commune').pluck().all()).toEqual(['Cœur de Causse']);
    expect(sqlite.prepare('SELECT count(*) FROM commune_former_name').pluck().get()).toBe(0);
    sqlite.close();
  });

  it('refuses a postal code or former code not of 5 characters, an unknown kind and an unknown commune', () => {
    const sqlite = databaseAtVersion(10);
    insertRows(sqlite, 'commune', [{ insee: '46138', name: 'Cœur de Causse', departement: '46' }]);
    insertRows(sqlite, 'commune_postal_code', [{ postal_code: '46240', commune_insee: '46138' }]);
    insertRows(sqlite, 'commune_former_name', [
      { commune_insee: '46138', former_insee: '46138', name: 'Labastide-Murat', kind: 'delegated' },
    ]);
    const postal = (code: string, insee: string) => () =>
      insertRows(sqlite, 'commune_postal_code', [{ postal_code: code, commune_insee: insee }]);
    expect(postal('4624', '46138')).toThrow(/CHECK/);
    expect(postal('46240', '46138')).toThrow(/UNIQUE|PRIMARY/);
    expect(postal('46240', '99999')).toThrow(/FOREIGN KEY/);
    const former = (row: Record<string, string>) => () =>
      insertRows(sqlite, 'commune_former_name', [
        { commune_insee: '46138', former_insee: '46019', name: 'Beaumat', kind: 'delegated', ...row },
      ]);
    expect(former({ former_insee: '4619' })).toThrow(/CHECK/);
    expect(former({ kind: 'ancienne' })).toThrow(/CHECK/);
    expect(former({ name: '' })).toThrow(/CHECK/);
    expect(former({ commune_insee: '99999' })).toThrow(/FOREIGN KEY/);
    former({})();
    expect(sqlite.prepare('SELECT count(*) FROM commune_former_name').pluck().get()).toBe(2);
    sqlite.close();
  });
});
