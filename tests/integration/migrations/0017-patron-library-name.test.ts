import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { databaseAtVersion, insertRows, patronRow, updateToVersion } from '../../helpers/migrations.ts';

describe('migration 17: the patrons by library and name key', () => {
  it('keeps version-16 patrons and reads one library’s name-key prefix in name order from the index alone', () => {
    // The patrons' libraries are left out: only the rows' survival and the index are checked.
    const sqlite = databaseAtVersion(16, { foreignKeys: false });
    insertRows(sqlite, 'patron', [
      patronRow({ id: 'p1', card_number: '1', library_id: 'L1', last_name: 'Martin', name_key: 'martin|' }),
      patronRow({ id: 'p2', card_number: '2', library_id: 'L2', last_name: 'Marc', name_key: 'marc|' }),
      patronRow({ id: 'p3', card_number: '3', library_id: 'L1', last_name: 'Maas', name_key: 'maas|' }),
      patronRow({ id: 'p4', card_number: '4', library_id: 'L1', last_name: 'Dupont', name_key: 'dupont|' }),
    ]);
    updateToVersion(sqlite, 17);
    expect(schemaVersion(sqlite)).toBe(17);
    const prefix = `SELECT num, name_key FROM patron INDEXED BY patron_by_library_name
      WHERE library_id = ? AND name_key >= ? AND name_key < ? ORDER BY name_key`;
    const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${prefix}`).all('L1', 'ma', 'mb') as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual([
      'SEARCH patron USING COVERING INDEX patron_by_library_name (library_id=? AND name_key>? AND name_key<?)',
    ]);
    expect(sqlite.prepare(prefix).all('L1', 'ma', 'mb')).toEqual([
      { num: 3, name_key: 'maas|' },
      { num: 1, name_key: 'martin|' },
    ]);
    sqlite.close();
  });
});
