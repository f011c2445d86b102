import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../db/migrate.ts';
import { databaseAtVersion, tableNames, updateToVersion } from '../../helpers/migrations.ts';

describe('migration 1: reference data', () => {
  it('creates the reference tables on an empty file and records version 1', () => {
    const sqlite = databaseAtVersion(0);
    expect(schemaVersion(sqlite)).toBe(0);
    updateToVersion(sqlite, 1);
    expect(schemaVersion(sqlite)).toBe(1);
    expect(tableNames(sqlite)).toEqual([
      'commune',
      'commune_population',
      'epci',
      'epci_membership',
      'reference_import',
      'setting',
    ]);
    sqlite.close();
  });

  it('keeps populations tagged by millésime and basis, and refuses unknown bases and negative counts', () => {
    const sqlite = databaseAtVersion(1);
    sqlite.prepare("insert into epci values ('200067361', 'CC Grand-Figeac', 'CC')").run();
    sqlite.prepare("insert into commune values ('46102', 'Figeac', '46')").run();
    sqlite.prepare("insert into epci_membership values (2023, '46102', '200067361')").run();
    const insertPopulation = sqlite.prepare('insert into commune_population values (?, ?, ?, ?, ?)');
    insertPopulation.run('46102', 2023, 'municipale', 9800, 'test');
    insertPopulation.run('46102', 2022, 'municipale', 9750, 'test');

    expect(() => insertPopulation.run('46102', 2023, 'legale', 1, 'test')).toThrow(/CHECK/);
    expect(() => insertPopulation.run('46102', 2021, 'totale', -1, 'test')).toThrow(/CHECK/);
    expect(() => insertPopulation.run('46102', 2023, 'municipale', 1, 'test')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insertPopulation.run('99999', 2023, 'totale', 1, 'test')).toThrow(/FOREIGN KEY/);
    expect(sqlite.prepare('select count(*) from commune_population').pluck().get()).toBe(2);
    sqlite.close();
  });

  it('lets a commune belong to one EPCI per millésime only', () => {
    const sqlite = databaseAtVersion(1);
    sqlite
      .prepare(
        "insert into epci values ('200067361', 'CC Grand-Figeac', 'CC'), ('200023737', 'CA du Grand Cahors', 'CA')",
      )
      .run();
    sqlite.prepare("insert into commune values ('46102', 'Figeac', '46')").run();
    const insertMembership = sqlite.prepare('insert into epci_membership values (?, ?, ?)');
    insertMembership.run(2023, '46102', '200067361');
    expect(() => insertMembership.run(2023, '46102', '200023737')).toThrow(/UNIQUE|PRIMARY/);
    insertMembership.run(2022, '46102', '200023737');
    sqlite.close();
  });
});
