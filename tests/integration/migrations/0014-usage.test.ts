import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import {
  columnsOf,
  databaseAtVersion,
  insertRows,
  tableNames,
  updateToVersion,
} from '../../helpers/migrations.ts';

const batch = {
  id: 'u1',
  file_name: 'pr.json',
  file_sha256: 'x',
  release: '5',
  report_id: 'PR',
  report_kind: 'PR',
  platforms: '["Cafeyn"]',
  institution: null,
  first_month: '2026-01',
  last_month: '2026-06',
  rows: 1,
  total: 12,
  replaced: 0,
  actor: 'Claire',
  committed_at: '2026-07-03T10:00:00.000Z',
};

describe('migration 14: usage', () => {
  it('adds the usage tables to a version-13 file and leaves its other tables as they were', () => {
    const sqlite = databaseAtVersion(13);
    const before = tableNames(sqlite);
    updateToVersion(sqlite, 14);
    expect(schemaVersion(sqlite)).toBe(14);
    expect(tableNames(sqlite)).toEqual(
      [...before, 'usage_import', 'usage_month', 'usage_replaced'].sort((a, b) => a.localeCompare(b)),
    );
    expect(columnsOf(sqlite, 'usage_month')).toEqual([
      'platform',
      'report_kind',
      'item',
      'metric',
      'month',
      'count',
      'batch_id',
    ]);
    sqlite.close();
  });

  it('keeps one figure per platform, family, item, metric and month, and refuses a bad month or count', () => {
    const sqlite = databaseAtVersion(14);
    insertRows(sqlite, 'usage_import', [batch]);
    const figure = {
      platform: 'Cafeyn',
      report_kind: 'PR',
      metric: 'Total_Item_Requests',
      month: '2026-01',
      count: 12,
      batch_id: 'u1',
    };
    insertRows(sqlite, 'usage_month', [figure]);
    expect(sqlite.prepare('SELECT item, count FROM usage_month').get()).toEqual({ item: '', count: 12 });
    expect(() => insertRows(sqlite, 'usage_month', [figure])).toThrow(/UNIQUE constraint failed/);
    expect(() => insertRows(sqlite, 'usage_month', [{ ...figure, month: 'janv. 2026' }])).toThrow(/CHECK/);
    expect(() => insertRows(sqlite, 'usage_month', [{ ...figure, month: '2026-02', count: -1 }])).toThrow(
      /CHECK/,
    );
    expect(() =>
      insertRows(sqlite, 'usage_month', [{ ...figure, month: '2026-02', batch_id: 'nope' }]),
    ).toThrow(/FOREIGN KEY/);
    expect(() => insertRows(sqlite, 'usage_import', [{ ...batch, id: 'u2', release: '4' }])).toThrow(/CHECK/);
    sqlite.close();
  });
});
