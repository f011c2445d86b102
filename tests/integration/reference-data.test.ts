import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openDatabase } from '../../db/open.ts';
import { describeReferencePackage, loadReferenceData } from '../../db/reference/decoupage.ts';
import { ensureReferenceData } from '../../db/reference/seed.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const lot = loadReferenceData('46');
const lot2021 = loadReferenceData('46', describeReferencePackage('decoupage-administratif-2021'));

describe('reference data from @etalab/decoupage-administratif', () => {
  it('takes every EPCI having at least one commune in the Lot: the ten of them', () => {
    expect(lot.epci.map((e) => e.siren).sort()).toEqual([
      '200023737',
      '200035327',
      '200039519',
      '200066371',
      '200067361',
      '200069383',
      '244600433',
      '244600482',
      '244600532',
      '244600573',
    ]);
  });

  it('keeps all members of an EPCI that straddles départements: Grand-Figeac has 92, six in Aveyron', () => {
    const figeac = lot.epci.find((e) => e.siren === '200067361');
    expect(figeac?.members).toHaveLength(92);
    expect(figeac?.members.filter((m) => m.departement === '12')).toHaveLength(6);
    expect(figeac?.members.filter((m) => m.departement === '46')).toHaveLength(86);
  });

  it('tags each shipped vintage with the millésime its EPCI member figures belong to', () => {
    expect(lot.source).toBe('@etalab/decoupage-administratif@6.0.0');
    expect(lot.millesime).toBe(2022);
    expect(lot2021.source).toBe('@etalab/decoupage-administratif@4.1.0');
    expect(lot2021.millesime).toBe(2021);
  });

  it('ships two different vintages: Figeac counted 9,770 in 2021 and 9,757 in 2022', () => {
    const figeac = (set: typeof lot) => set.epci.flatMap((e) => e.members).find((m) => m.insee === '46102');
    expect(figeac(lot2021)?.population.municipale).toBe(9770);
    expect(figeac(lot)?.population.municipale).toBe(9757);
  });

  it('knows Pern before it merged into Pern-Lhospitalet', () => {
    const names = (set: typeof lot) =>
      new Map(set.epci.flatMap((e) => e.members).map((m) => [m.insee, m.name]));
    expect(names(lot2021).get('46217')).toBe('Pern');
    expect(names(lot).has('46217')).toBe(false);
    expect(names(lot).get('46172')).toBe('Pern-Lhospitalet');
  });
});

describe('seeding', () => {
  let opened: OpenedDatabase;
  beforeAll(() => {
    opened = openDatabase(path.join(dir, 'seed.sqlite'));
  });
  afterAll(() => opened.close());

  it('writes each vintage once with both legal counts, and does nothing the second time', async () => {
    expect(await ensureReferenceData(opened.db, '46')).toEqual([
      '@etalab/decoupage-administratif@4.1.0',
      '@etalab/decoupage-administratif@6.0.0',
    ]);
    const count = (millesime: number) =>
      opened.sqlite
        .prepare('select count(*) from commune_population where millesime = ?')
        .pluck()
        .get(millesime);
    const communes = (set: typeof lot) =>
      new Set(set.epci.flatMap((e) => e.members.map((m) => m.insee))).size;
    expect(count(2022)).toBe(communes(lot) * 2);
    expect(count(2021)).toBe(communes(lot2021) * 2);
    expect(await ensureReferenceData(opened.db, '46')).toEqual([]);
    expect(count(2022)).toBe(communes(lot) * 2);
  });

  it('stores populations equal to the package figures for the same vintage', () => {
    const figeac = opened.sqlite
      .prepare(
        "select basis, population from commune_population where commune_insee = '46102' and millesime = 2022",
      )
      .all();
    const member = lot.epci.flatMap((e) => e.members).find((m) => m.insee === '46102');
    expect(figeac).toEqual([
      { basis: 'municipale', population: member?.population.municipale },
      { basis: 'totale', population: member?.population.totale },
    ]);
  });

  it('keeps each vintage’s commune names: Pern-Lhospitalet was Lhospitalet in 2021', () => {
    const name = (millesime: number) =>
      opened.sqlite
        .prepare("select commune_name from epci_membership where commune_insee = '46172' and millesime = ?")
        .pluck()
        .get(millesime);
    expect(name(2021)).toBe('Lhospitalet');
    expect(name(2022)).toBe('Pern-Lhospitalet');
  });
});
