import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { databaseAtVersion, insertRows, patronRow, updateToVersion } from '../../helpers/migrations.ts';

describe('migration 18: the patrons by library, in number order', () => {
  it('keeps version-17 patrons and gives a library’s lowest and highest numbers from the index alone', () => {
    const sqlite = databaseAtVersion(17, { foreignKeys: false });
    insertRows(sqlite, 'patron', [
      patronRow({ id: 'p1', card_number: '9', library_id: 'L1', last_name: 'Martin', name_key: 'martin|' }),
      patronRow({ id: 'p2', card_number: '1', library_id: 'L2', last_name: 'Marc', name_key: 'marc|' }),
      patronRow({ id: 'p3', card_number: '5', library_id: 'L1', last_name: 'Maas', name_key: 'maas|' }),
      patronRow({ id: 'p4', card_number: '2', library_id: 'L2', last_name: 'Dupont', name_key: 'dupont|' }),
    ]);
    updateToVersion(sqlite, 18);
    expect(schemaVersion(sqlite)).toBe(18);
    const span = `SELECT
      (SELECT min(num) FROM patron INDEXED BY patron_by_library WHERE library_id = @library) AS low,
      (SELECT max(num) FROM patron INDEXED BY patron_by_library WHERE library_id = @library) AS high`;
    const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${span}`).all({ library: 'L1' }) as { detail: string }[];
    expect(plan.map((step) => step.detail).filter((detail) => detail.startsWith('SEARCH'))).toEqual([
      'SEARCH patron USING COVERING INDEX patron_by_library (library_id=?)',
      'SEARCH patron USING COVERING INDEX patron_by_library (library_id=?)',
    ]);
    expect(sqlite.prepare(span).get({ library: 'L1' })).toEqual({ low: 1, high: 3 });
    expect(sqlite.prepare(span).get({ library: 'L2' })).toEqual({ low: 2, high: 4 });
    sqlite.close();
  });
});
