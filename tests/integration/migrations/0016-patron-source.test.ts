import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { columnsOf, databaseAtVersion, tableNames, updateToVersion } from '../../helpers/migrations.ts';

describe('migration 16: the lines patrons were imported from', () => {
  it('adds a local table keyed by the patron, gone with the patron', () => {
    const sqlite = databaseAtVersion(15);
    const before = tableNames(sqlite);
    updateToVersion(sqlite, 16);
    expect(schemaVersion(sqlite)).toBe(16);
    expect(tableNames(sqlite)).toEqual([...before, 'patron_source'].sort((a, b) => a.localeCompare(b)));
    expect(columnsOf(sqlite, 'patron_source')).toEqual(['num', 'line_key', 'values_digest']);
    const foreignKeys = sqlite
      .prepare('SELECT "table", "from", on_delete FROM pragma_foreign_key_list(?)')
      .all('patron_source');
    expect(foreignKeys).toEqual([{ table: 'patron', from: 'num', on_delete: 'CASCADE' }]);
    sqlite.close();
  });
});
