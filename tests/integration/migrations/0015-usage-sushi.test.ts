import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import {
  columnsOf,
  databaseAtVersion,
  insertRows,
  tableNames,
  updateToVersion,
} from '../../helpers/migrations.ts';

const source = {
  id: 's1',
  name: 'Cafeyn',
  base_url: 'https://sushi.cafeyn.example/r5',
  customer_id: 'BDP46-0042',
  reports: '["PR"]',
  created_at: '2026-07-03T10:00:00.000Z',
  updated_at: '2026-07-03T10:00:00.000Z',
};

describe('migration 15: usage SUSHI sources', () => {
  it('adds the sources table to a version-14 file, with no column for a secret', () => {
    const sqlite = databaseAtVersion(14);
    const before = tableNames(sqlite);
    updateToVersion(sqlite, 15);
    expect(schemaVersion(sqlite)).toBe(15);
    expect(tableNames(sqlite)).toEqual([...before, 'usage_sushi_source'].sort((a, b) => a.localeCompare(b)));
    expect(columnsOf(sqlite, 'usage_sushi_source')).toEqual([
      'id',
      'name',
      'base_url',
      'customer_id',
      'reports',
      'created_at',
      'updated_at',
    ]);
    sqlite.close();
  });

  it('keeps one source per name and refuses a report list that is not a JSON array', () => {
    const sqlite = databaseAtVersion(15);
    insertRows(sqlite, 'usage_sushi_source', [source]);
    expect(() => insertRows(sqlite, 'usage_sushi_source', [{ ...source, id: 's2' }])).toThrow(/UNIQUE/);
    expect(() =>
      insertRows(sqlite, 'usage_sushi_source', [{ ...source, id: 's3', name: 'Numilog', reports: 'PR' }]),
    ).toThrow(/CHECK/);
    sqlite.close();
  });
});
