import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../db/migrate.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();

describe('migration 7: patron search entries pending', () => {
  it('keeps version-6 data and adds the list of batches whose search entries are not written yet', () => {
    const sqlite = new BetterSqlite3(path.join(dir, 'v6-to-v7.sqlite'));
    sqlite.pragma('foreign_keys = OFF');
    migrate(sqlite, { target: 6 });
    sqlite.exec(`insert into patron (id, library_id, card_number, last_name, name_key, created_at, updated_at)
      values ('p1', 'L1', '46CZ1', 'Dupont', 'dupont|', 't', 't')`);
    migrate(sqlite, { target: 7 });
    expect(schemaVersion(sqlite)).toBe(7);
    expect(sqlite.prepare('select card_number from patron').pluck().all()).toEqual(['46CZ1']);
    const columns = sqlite
      .prepare("select name from pragma_table_info('patron_search_pending')")
      .pluck()
      .all();
    expect(columns).toEqual(['batch_id', 'first_num', 'last_num', 'stamp']);
    sqlite.prepare("insert into patron_search_pending values ('b1', 1, 20, 't')").run();
    expect(() =>
      sqlite.prepare("insert into patron_search_pending values ('b1', 21, 40, 't')").run(),
    ).toThrow(/UNIQUE/);
    sqlite.close();
  });
});
