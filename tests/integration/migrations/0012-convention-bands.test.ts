import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { columnsOf, databaseAtVersion, insertRows, updateToVersion } from '../../helpers/migrations.ts';

const convention = {
  id: '01900000-0000-7000-8000-000000000001',
  epci_siren: '200066306',
  reference: 'CONV-2025-01',
  start_on: '2025-01-01',
  rate_e4: 3000,
  basis: 'municipale',
  millesime: 2021,
  perimeter: 'epci',
  prorata: 'days',
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
};

describe('migration 12: convention bands', () => {
  it('keeps version-11 conventions as they were, with one rate (bands null)', () => {
    const sqlite = databaseAtVersion(11, { foreignKeys: false });
    insertRows(sqlite, 'convention', [convention]);
    updateToVersion(sqlite, 12);
    expect(schemaVersion(sqlite)).toBe(12);
    expect(columnsOf(sqlite, 'convention')).toContain('bands');
    expect(sqlite.prepare('SELECT reference, rate_e4, bands FROM convention').get()).toEqual({
      reference: 'CONV-2025-01',
      rate_e4: 3000,
      bands: null,
    });
    sqlite.close();
  });

  it('takes a JSON band list and refuses text that is not a JSON array', () => {
    const sqlite = databaseAtVersion(12, { foreignKeys: false });
    const grid = '[{"upTo":10000,"rateE4":3000},{"upTo":null,"rateE4":2000}]';
    insertRows(sqlite, 'convention', [{ ...convention, bands: grid }]);
    expect(sqlite.prepare('SELECT bands FROM convention').pluck().get()).toBe(grid);
    for (const bad of ['0,30 puis 0,20', '{"upTo":null}']) {
      expect(() =>
        insertRows(sqlite, 'convention', [
          { ...convention, id: `${convention.id.slice(0, -1)}2`, bands: bad },
        ]),
      ).toThrow(/CHECK constraint failed/);
    }
    sqlite.close();
  });
});
