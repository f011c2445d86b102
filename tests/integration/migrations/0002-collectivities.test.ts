import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { databaseAtVersion, tableNames, updateToVersion } from '../../helpers/migrations.ts';

describe('migration 2: collectivities', () => {
  it('keeps version-1 reference data and adds per-vintage names, data-set kinds and the edited tables', () => {
    const sqlite = databaseAtVersion(1);
    sqlite.exec(`
      insert into epci values ('200067361', 'CC Grand-Figeac', 'CC');
      insert into commune values ('46102', 'Figeac', '46');
      insert into epci_membership values (2022, '46102', '200067361');
      insert into commune_population values ('46102', 2022, 'municipale', 9757, 'test');
      insert into reference_import values ('r1', 'test', 2022, '46', '2026-01-01T00:00:00.000Z');
    `);

    updateToVersion(sqlite, 2);
    expect(schemaVersion(sqlite)).toBe(2);
    expect(sqlite.prepare('select * from epci_membership').get()).toEqual({
      millesime: 2022,
      commune_insee: '46102',
      epci_siren: '200067361',
      commune_name: null,
    });
    expect(sqlite.prepare('select kind from reference_import').pluck().get()).toBe('reference');
    expect(tableNames(sqlite)).toEqual(
      expect.arrayContaining([
        'audit_log',
        'contact',
        'convention',
        'epci_event',
        'epci_followup',
        'library',
      ]),
    );
    sqlite.close();
  });

  it('gives every edited table a text id and created/updated timestamps, ready for sync', () => {
    const sqlite = databaseAtVersion(2);
    for (const table of ['epci_followup', 'epci_event', 'contact', 'convention', 'library']) {
      // The key's type is part of what is checked here, which the helper's column names do not give.
      const columns = sqlite.prepare('select name, type, pk from pragma_table_info(?)').all(table) as {
        name: string;
        type: string;
        pk: number;
      }[];
      expect(
        columns.find((c) => c.pk === 1),
        table,
      ).toMatchObject({ name: 'id', type: 'TEXT' });
      expect(
        columns.map((c) => c.name),
        table,
      ).toEqual(expect.arrayContaining(['created_at', 'updated_at']));
    }
    sqlite.close();
  });

  it('lets the database itself refuse impossible rows: unknown status, an end before the start', () => {
    const sqlite = databaseAtVersion(2);
    sqlite.exec("insert into epci values ('200067361', 'CC Grand-Figeac', 'CC')");
    const t = '2026-01-01T00:00:00.000Z';
    expect(() =>
      sqlite
        .prepare("insert into epci_followup values ('f', '200067361', 'signed_maybe', '', null, ?, ?)")
        .run(t, t),
    ).toThrow(/CHECK/);
    expect(() =>
      sqlite
        .prepare(
          `insert into convention (id, epci_siren, start_on, end_on, rate_e4, basis, millesime, perimeter, prorata, created_at, updated_at)
           values ('c', '200067361', '2027-07-01', '2027-01-01', 3000, 'totale', 2022, 'epci', 'days', ?, ?)`,
        )
        .run(t, t),
    ).toThrow(/CHECK/);
    sqlite.close();
  });
});
