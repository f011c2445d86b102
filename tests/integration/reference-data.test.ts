import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openDatabase } from '../../db/open.ts';
import { describeReferencePackage, loadReferenceData } from '../../db/reference/decoupage.ts';
import { ensureReferenceData } from '../../db/reference/seed.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const lot = loadReferenceData('46');

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

  it('tags the figures with the INSEE millésime and the package they came from', () => {
    expect(lot.source).toBe('@etalab/decoupage-administratif@6.0.0');
    expect(lot.millesime).toBe(2023);
    expect(describeReferencePackage()).toMatchObject({ source: lot.source, millesime: 2023 });
  });
});

describe('seeding', () => {
  let opened: OpenedDatabase;
  beforeAll(() => {
    opened = openDatabase(path.join(dir, 'seed.sqlite'));
  });
  afterAll(() => opened.close());

  it('writes each commune once with both legal counts, and does nothing the second time', async () => {
    expect(await ensureReferenceData(opened.db, '46')).toBe(true);
    const count = () => opened.sqlite.prepare('select count(*) from commune_population').pluck().get();
    const communes = new Set(lot.epci.flatMap((e) => e.members.map((m) => m.insee)));
    expect(count()).toBe(communes.size * 2);
    expect(await ensureReferenceData(opened.db, '46')).toBe(false);
    expect(count()).toBe(communes.size * 2);
  });

  it('stores populations equal to the package figures for the same vintage', () => {
    const figeac = opened.sqlite
      .prepare(
        "select basis, population from commune_population where commune_insee = '46102' and millesime = 2023",
      )
      .all();
    const member = lot.epci.flatMap((e) => e.members).find((m) => m.insee === '46102');
    expect(figeac).toEqual([
      { basis: 'municipale', population: member?.population.municipale },
      { basis: 'totale', population: member?.population.totale },
    ]);
  });
});
