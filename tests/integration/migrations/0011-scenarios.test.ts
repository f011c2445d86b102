import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { columnsOf, databaseAtVersion, insertRows, updateToVersion } from '../../helpers/migrations.ts';

const at = '2026-03-01T10:00:00.000Z';
const row = (values: Record<string, string | number>) => ({
  id: 's1',
  name: 'Taux réduit',
  year: 2027,
  conventions: '[]',
  created_at: at,
  updated_at: at,
  ...values,
});

describe('migration 11: scenarios', () => {
  it('keeps version-10 data and adds the scenario table, its defaults and checks', () => {
    const sqlite = databaseAtVersion(10);
    insertRows(sqlite, 'service_cost', [
      {
        id: 'c1',
        year: 2027,
        vendor: 'V',
        label: 'L',
        pricing: 'flat',
        amount_cents: 100,
        created_at: at,
        updated_at: at,
      },
    ]);
    updateToVersion(sqlite, 11);
    expect(schemaVersion(sqlite)).toBe(11);
    expect(sqlite.prepare('select id from service_cost').pluck().all()).toEqual(['c1']);
    expect(columnsOf(sqlite, 'scenario')).toEqual([
      'id',
      'name',
      'year',
      'author',
      'notes',
      'conventions',
      'status',
      'created_at',
      'updated_at',
    ]);
    insertRows(sqlite, 'scenario', [row({})]);
    expect(sqlite.prepare('select author, notes, status from scenario').get()).toEqual({
      author: '',
      notes: '',
      status: 'brouillon',
    });
    const insert = (values: Record<string, string | number>) => () =>
      insertRows(sqlite, 'scenario', [row({ id: 'bad', ...values })]);
    expect(insert({ status: 'signé' })).toThrow(/CHECK/);
    expect(insert({ year: 1999 })).toThrow(/CHECK/);
    expect(insert({ name: '  ' })).toThrow(/CHECK/);
    expect(insert({ conventions: '{"a":1}' })).toThrow(/CHECK/);
    expect(insert({ conventions: 'pas du JSON' })).toThrow(/CHECK/);
    insert({ status: 'retenu' })();
    expect(sqlite.prepare('select count(*) from scenario').pluck().get()).toBe(2);
    sqlite.close();
  });
});
