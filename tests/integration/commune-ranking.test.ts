import { beforeAll, describe, expect, it } from 'vitest';
import { foundLabel, rankCommunes, rankEpcis, searchCommunes } from '../../shared/commune-ranking.ts';
import type { Output } from '../../shared/contract.ts';
import { openTestApp } from '../helpers/app.ts';
import { tempDir } from '../helpers/temp.ts';

let communes: Output<'commune.list'>;
let epcis: Output<'epci.list'>;
beforeAll(async () => {
  const { api } = await openTestApp(tempDir(), 'communes.sqlite');
  communes = await api.call('commune.list', {});
  epcis = await api.call('epci.list', {});
});

const first = (search: string) => rankCommunes(communes, search)[0]?.name;
/** What the picker lists for a search: « Figeac (CC Grand-Figeac) », « Cœur de Causse (ancienne …) »… */
const shown = (search: string) => searchCommunes(communes, search).map((found) => foundLabel(found, search));

describe('the commune picker’s order, on the Lot’s real communes', () => {
  it('puts the commune of that name first, then names beginning with it, then its EPCI’s communes', () => {
    expect(communes.length).toBeGreaterThan(300);
    expect(first('figeac')).toBe('Figeac');
    expect(first('Cahors')).toBe('Cahors');
    expect(first('FIGEAC')).toBe('Figeac');
    expect(first('46102')).toBe('Figeac');
    // Still found by their EPCI, after the communes whose own name matches.
    const grandFigeac = rankCommunes(communes, 'figeac');
    expect(grandFigeac.length).toBeGreaterThan(50);
    expect(grandFigeac.slice(1).some((c) => c.name === 'Albiac')).toBe(true);
    expect(rankCommunes(communes, 'souil')[0]?.name).toBe('Souillac');
  });

  it('knows each commune’s postal codes, and finds by a postal code the communes that share it', () => {
    expect(communes.find((c) => c.insee === '46138')?.postalCodes).toEqual(['46240']);
    // 46240 is Rocamadour's INSEE code, and the postal code of eight communes (Rocamadour's is 46500).
    expect(shown('46240')).toEqual([
      'Rocamadour (INSEE 46240)',
      'Caniac-du-Causse (code postal 46240)',
      'Cœur de Causse (code postal 46240)',
      'Lamothe-Cassel (code postal 46240)',
      'Lunegarde (code postal 46240)',
      'Montfaucon (code postal 46240)',
      'Séniergues (code postal 46240)',
      'Soulomès (code postal 46240)',
      'Ussel (code postal 46240)',
    ]);
    expect(shown('46 240')).toEqual(shown('46240'));
    expect(communes.filter((c) => c.postalCodes.includes('46240'))).toHaveLength(8);
    // Figeac's INSEE code is 46102, its postal code 46100 (that of the communes around it too).
    expect(shown('46102')[0]).toBe('Figeac (INSEE 46102)');
    expect(shown('46100')).toContain('Figeac (code postal 46100)');
    // The beginning of a code lists the communes whose code begins so, with their EPCI.
    expect(shown('4610')[0]).toMatch(/^\S.* \((CA|CC) /);
  });

  it('finds a commune nouvelle by the name of a former commune, and says which', () => {
    // First, then the other communes of the CC du Causse de Labastide Murat, found by their EPCI's name.
    const labastideMurat = shown('Labastide-Murat');
    expect(labastideMurat[0]).toBe('Cœur de Causse (ancienne Labastide-Murat)');
    expect(labastideMurat.slice(1).every((name) => name.endsWith('(CC du Causse de Labastide Murat)'))).toBe(
      true,
    );
    expect(shown('labastide murat')[0]).toBe('Cœur de Causse (ancienne Labastide-Murat)');
    expect(shown('beaumat')).toEqual(['Cœur de Causse (ancienne Beaumat)']);
    // Typed in full, the former name says which commune it was, even where today's name begins with it.
    expect(shown('sousceyrac')).toEqual(['Sousceyrac-en-Quercy (ancienne Sousceyrac)']);
    expect(shown('sousceyrac-en')).toEqual([expect.stringMatching(/^Sousceyrac-en-Quercy \((CA|CC) /)]);
    expect(shown('pern')[0]).toBe('Pern-Lhospitalet (ancienne Pern)');
    // Today's names first: « labastide » finds the Labastide-… communes before Cœur de Causse.
    const labastide = shown('labastide');
    expect(labastide.indexOf('Cœur de Causse (ancienne Labastide-Murat)')).toBeGreaterThan(
      labastide.findIndex((name) => name.startsWith('Labastide-')),
    );
    // A former commune’s own code finds today's commune too.
    expect(shown('46019')[0]).toBe('Cœur de Causse (ancienne Beaumat)');
    expect(shown('46138')[0]).toBe('Cœur de Causse (INSEE 46138)');
  });

  it('finds Le Vigan-en-Quercy by its name before 2026, Le Vigan (same INSEE code, 46334)', () => {
    expect(shown('Le Vigan')).toEqual(['Le Vigan-en-Quercy (anciennement Le Vigan)']);
    expect(communes.find((c) => c.insee === '46334')?.formerNames).toEqual([
      { insee: '46334', name: 'Le Vigan', kind: 'renamed' },
    ]);
  });
});

describe('the EPCI picker’s order, on the Lot’s real EPCI', () => {
  it('puts the EPCI of that name first, then names beginning with it, then containing it; or a SIREN', () => {
    const names = (search: string) => rankEpcis(epcis, search).map((e) => e.name);
    expect(names('CC Grand-Figeac')[0]).toBe('CC Grand-Figeac');
    expect(names('figeac')).toEqual(['CC Grand-Figeac']);
    expect(names('200067361')).toEqual(['CC Grand-Figeac']);
    expect(names('200 067 361')).toEqual(['CC Grand-Figeac']);
    expect(names('2000673')).toEqual(['CC Grand-Figeac']);
    const cc = names('cc');
    expect(cc.length).toBeGreaterThan(5);
    expect(cc.every((name) => name.startsWith('CC '))).toBe(true);
  });
});
