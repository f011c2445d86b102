import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { databaseAtVersion, insertRows, patronRow, updateToVersion } from '../../helpers/migrations.ts';

describe('migration 16: the patron search order index', () => {
  it('keeps version-15 patrons and serves a number lookup of the search columns from the index alone', () => {
    // The patrons' library is left out: only the rows' survival and the index are checked.
    const sqlite = databaseAtVersion(15, { foreignKeys: false });
    insertRows(sqlite, 'patron', [
      patronRow(),
      patronRow({ id: 'p2', card_number: '46CZ2', last_name: 'Martin', name_key: 'martin|' }),
    ]);
    updateToVersion(sqlite, 16);
    expect(schemaVersion(sqlite)).toBe(16);
    expect(sqlite.prepare('select name_key from patron order by num').pluck().all()).toEqual([
      'dupont|',
      'martin|',
    ]);
    const lookup = `SELECT num, name_key, library_id, registered, duplicate_status
      FROM patron INDEXED BY patron_search_order WHERE num = ?`;
    const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${lookup}`).all(2) as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual([
      'SEARCH patron USING COVERING INDEX patron_search_order (num=?)',
    ]);
    expect(sqlite.prepare(lookup).get(2)).toEqual({
      num: 2,
      name_key: 'martin|',
      library_id: 'L1',
      registered: 1,
      duplicate_status: null,
    });
    sqlite.close();
  });
});
