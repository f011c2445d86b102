import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../db/migrate.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();

describe('migration 4: service cost', () => {
  it('keeps version-3 data and adds the yearly cost lines, sync-ready', () => {
    const sqlite = new BetterSqlite3(path.join(dir, 'v3-to-v4.sqlite'));
    sqlite.pragma('foreign_keys = OFF');
    migrate(sqlite, { target: 3 });
    sqlite.exec(`insert into patron (id, library_id, card_number, last_name, name_key, created_at, updated_at)
      values ('p1', 'L1', '46CZ1', 'Dupont', 'dupont|', 't', 't')`);
    migrate(sqlite, { target: 4 });
    expect(schemaVersion(sqlite)).toBe(4);
    expect(sqlite.prepare('select card_number from patron').pluck().all()).toEqual(['46CZ1']);
    const columns = sqlite.prepare("select name from pragma_table_info('service_cost')").pluck().all();
    expect(columns).toEqual([
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
