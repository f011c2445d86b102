import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openDatabase } from '../../db/open.ts';
import { listFormerNames } from '../../db/queries/communes.ts';
import { loadCommuneAliases } from '../../db/reference/commune-aliases.ts';
import { ensureReferenceData } from '../../db/reference/seed.ts';
import { loadCommuneResolver } from '../../electron/services/import/communes.ts';
import { tempDir } from '../helpers/temp.ts';

/** What @etalab/decoupage-administratif (6.0.0 and 4.1.0) hold of the Lot's former communes, as seeded. */
let opened: OpenedDatabase;
beforeAll(async () => {
  opened = openDatabase(path.join(tempDir(), 'anciennes-communes.sqlite'));
  await ensureReferenceData(opened.db, '46');
});
afterAll(() => opened.close());

const count = (sql: string) => opened.sqlite.prepare(sql).pluck().get();

describe('former communes in the reference data', () => {
  it('seeds the communes déléguées of the Lot’s communes nouvelles, and Le Vigan renamed in 2026', () => {
    const former = listFormerNames(opened.sqlite);
    const kinds = (departement: string) => {
      const counts: Record<string, number> = {};
      for (const f of former) if (f.insee.startsWith(departement)) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
      return counts;
    };
    // 37 communes déléguées in the Lot in 6.0.0 (35 in 4.1.0); Castelnau-Montratier, déléguée of
    // Castelnau-Montratier, is no other name. Le Vigan is 4.1.0's name of 46334.
    expect(kinds('46')).toEqual({ delegated: 36, renamed: 1 });
    // Causse-et-Diège (Aveyron, in CC Grand-Figeac) took in Loupiac as a commune associée.
    expect(kinds('12')).toEqual({ associated: 1 });
    const coeurDeCausse = former.filter((f) => f.insee === '46138');
    expect(coeurDeCausse.map((f) => `${f.formerInsee} ${f.name}`).sort()).toEqual([
      '46019 Beaumat',
      '46110 Fontanes-du-Causse',
      '46138 Labastide-Murat',
      '46291 Saint-Sauveur-la-Vallée',
      '46325 Vaillac',
    ]);
    expect(coeurDeCausse.every((f) => f.currentName === 'Cœur de Causse' && f.kind === 'delegated')).toBe(
      true,
    );
    expect(former.find((f) => f.name === 'Le Vigan')).toEqual({
      insee: '46334',
      currentName: 'Le Vigan-en-Quercy',
      formerInsee: '46334',
      name: 'Le Vigan',
      kind: 'renamed',
    });
    // Montcuq-en-Quercy-Blanc lists four former codes (46025, 46166, 46261, 46326), named nowhere.
    expect(former.filter((f) => f.insee === '46201')).toEqual([]);
  });

  it('keeps the postal codes of every commune it knows', () => {
    expect(count('SELECT count(DISTINCT commune_insee) FROM commune_postal_code')).toBeGreaterThan(320);
    expect(
      opened.sqlite
        .prepare("SELECT postal_code FROM commune_postal_code WHERE commune_insee = '46268' ORDER BY 1")
        .pluck()
        .all(),
    ).toEqual(['46090', '46330']);
  });

  it('writes them again into a file that lacks them (one from before migration 10), else leaves them', async () => {
    opened.sqlite.exec('DELETE FROM commune_former_name; DELETE FROM commune_postal_code');
    expect(await ensureReferenceData(opened.db, '46')).toEqual([]);
    expect(count('SELECT count(*) FROM commune_former_name')).toBe(38);
    opened.sqlite.exec("DELETE FROM commune_former_name WHERE name = 'Vaillac'");
    await ensureReferenceData(opened.db, '46');
    expect(count('SELECT count(*) FROM commune_former_name')).toBe(37);
  });

  it('computes the same aliases from the packages, restricted to the communes asked for', () => {
    const aliases = loadCommuneAliases(new Set(['46138', '46334']));
    expect(aliases.formerNames.map((f) => f.name).sort()).toEqual([
      'Beaumat',
      'Fontanes-du-Causse',
      'Labastide-Murat',
      'Le Vigan',
      'Saint-Sauveur-la-Vallée',
      'Vaillac',
    ]);
    expect(aliases.postalCodes).toEqual([
      { communeInsee: '46138', postalCode: '46240' },
      { communeInsee: '46334', postalCode: '46300' },
    ]);
  });
});

describe('the import’s commune resolver', () => {
  it('reads a former name as today’s commune, under today’s postal codes or alone when unambiguous', () => {
    const resolve = loadCommuneResolver(listFormerNames(opened.sqlite));
    const labastide = {
      insee: '46138',
      former: { name: 'Labastide-Murat', currentName: 'Cœur de Causse', kind: 'delegated' },
    };
    expect(resolve('46240', 'Labastide-Murat')).toEqual(labastide);
    expect(resolve('46240', 'labastide murat')).toEqual(labastide);
    expect(resolve(null, 'Labastide-Murat')).toEqual(labastide);
    expect(resolve('46240', 'Cœur de Causse')).toEqual({ insee: '46138', former: null });
    expect(resolve('46300', 'Le Vigan')).toEqual({
      insee: '46334',
      former: { name: 'Le Vigan', currentName: 'Le Vigan-en-Quercy', kind: 'renamed' },
    });
    // The Gard's Le Vigan by its postal code; the name alone is either.
    expect(resolve('30120', 'Le Vigan')).toEqual({ insee: '30350', former: null });
    expect(resolve(null, 'Le Vigan')).toBeNull();
    expect(resolve('46330', 'St Géry')?.insee).toBe('46268');
    // A postal code alone is one commune only when it serves one: 46240 serves eight.
    expect(resolve('46240', null)).toBeNull();
    // Labastide-Murat's postal code is not Figeac's.
    expect(resolve('46100', 'Labastide-Murat')).toBeNull();
    // The same answer, the same object: one Map lookup per row of a file.
    expect(resolve('46240', 'Labastide-Murat')).toBe(resolve('46240', 'Labastide-Murat'));
  });

  it('without former names (before this change), Labastide-Murat was « Commune non reconnue »', () => {
    const resolve = loadCommuneResolver();
    expect(resolve('46240', 'Labastide-Murat')).toBeNull();
    expect(resolve('46300', 'Le Vigan')).toBeNull();
    expect(resolve(null, 'Le Vigan')).toEqual({ insee: '30350', former: null });
  });
});
