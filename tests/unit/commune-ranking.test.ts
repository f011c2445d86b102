import { describe, expect, it } from 'vitest';
import {
  type FormerName,
  foundLabel,
  rankCommunes,
  rankEpcis,
  searchCommunes,
} from '../../shared/commune-ranking.ts';

const commune = (
  insee: string,
  name: string,
  epciName: string,
  postalCodes: string[] = [],
  formerNames: FormerName[] = [],
) => ({ insee, name, epciName, postalCodes, formerNames });

const communes = [
  commune('2A004', 'Ajaccio', 'CA du Pays Ajaccien', ['20000', '20090']),
  commune('2B033', 'Bastia', 'CA de Bastia', ['20200', '20600']),
  commune('2A041', 'Bocognano', 'CC Celavu-Prunelli', ['20136']),
  commune(
    '46138',
    'Cœur de Causse',
    'CC du Causse de Labastide Murat',
    ['46240'],
    [
      { insee: '46019', name: 'Beaumat', kind: 'delegated' },
      { insee: '46138', name: 'Labastide-Murat', kind: 'delegated' },
    ],
  ),
  commune('46137', 'Labastide-Marnhac', 'CA du Grand Cahors', ['46090']),
  commune(
    '46334',
    'Le Vigan-en-Quercy',
    'CC Quercy Bouriane',
    ['46300'],
    [{ insee: '46334', name: 'Le Vigan', kind: 'renamed' }],
  ),
  commune('46999', 'Murat-sur-Céou', 'CC Exemple', ['46240']),
];

const labels = (search: string) => searchCommunes(communes, search).map((found) => foundLabel(found, search));

describe('searching communes', () => {
  it('ranks names exact → beginning with it → containing it, each before the former names ranked alike', () => {
    expect(rankCommunes(communes, 'labastide').map((c) => c.name)).toEqual([
      'Labastide-Marnhac',
      'Cœur de Causse',
    ]);
    // Found by its EPCI's name only, after them all.
    expect(rankCommunes(communes, 'causse').map((c) => c.name)).toEqual(['Cœur de Causse']);
    expect(rankCommunes(communes, 'exemple').map((c) => c.name)).toEqual(['Murat-sur-Céou']);
    expect(labels('labastide')[1]).toBe('Cœur de Causse (ancienne Labastide-Murat)');
    expect(labels('murat')).toEqual([
      'Murat-sur-Céou (CC Exemple)',
      'Cœur de Causse (ancienne Labastide-Murat)',
    ]);
    expect(labels('LABASTIDE MURAT')[0]).toBe('Cœur de Causse (ancienne Labastide-Murat)');
  });

  it('reads INSEE codes of Corsica (2A, 2B) in any case, with or without spaces', () => {
    expect(labels('2A004')).toEqual(['Ajaccio (INSEE 2A004)']);
    expect(labels('2a004')).toEqual(['Ajaccio (INSEE 2A004)']);
    expect(labels('2b 033')).toEqual(['Bastia (INSEE 2B033)']);
    expect(rankCommunes(communes, '2a').map((c) => c.name)).toEqual(['Ajaccio', 'Bocognano']);
    expect(rankCommunes(communes, '2B0').map((c) => c.name)).toEqual(['Bastia']);
  });

  it('lists the communes of a postal code of 5 digits, and of its beginning', () => {
    expect(labels('46240')).toEqual([
      'Cœur de Causse (code postal 46240)',
      'Murat-sur-Céou (code postal 46240)',
    ]);
    expect(labels('46 240')).toEqual(labels('46240'));
    expect(rankCommunes(communes, '2000').map((c) => c.name)).toEqual(['Ajaccio']);
    expect(rankCommunes(communes, '20').map((c) => c.name)).toEqual(['Ajaccio', 'Bastia', 'Bocognano']);
  });

  it('finds today’s commune by a former commune’s code, and a renamed one by its old name', () => {
    expect(labels('46019')).toEqual(['Cœur de Causse (ancienne Beaumat)']);
    // Labastide-Murat's code is Cœur de Causse's own: the commune, by its INSEE code.
    expect(labels('46138')).toEqual(['Cœur de Causse (INSEE 46138)']);
    expect(labels('le vigan')).toEqual(['Le Vigan-en-Quercy (anciennement Le Vigan)']);
    expect(labels('vigan')).toEqual(['Le Vigan-en-Quercy (CC Quercy Bouriane)']);
  });

  it('gives every commune, in its order, for an empty search, and nothing for no match', () => {
    expect(rankCommunes(communes, '  ')).toEqual(communes);
    expect(rankCommunes(communes, 'zzz')).toEqual([]);
    expect(rankCommunes(communes, '99999')).toEqual([]);
  });
});

describe('searching EPCI', () => {
  const epcis = [
    { siren: '200067361', name: 'CC Grand-Figeac' },
    { siren: '200023737', name: 'CA du Grand Cahors' },
    { siren: '244600573', name: 'CC Grand Cahors Sud' },
    { siren: '200000000', name: 'Grand Cahors' },
  ];
  const names = (search: string) => rankEpcis(epcis, search).map((e) => e.name);

  it('ranks names exact → beginning with it → containing it → all words somewhere', () => {
    expect(names('grand cahors')).toEqual(['Grand Cahors', 'CA du Grand Cahors', 'CC Grand Cahors Sud']);
    expect(names('cc grand')).toEqual(['CC Grand-Figeac', 'CC Grand Cahors Sud']);
    expect(names('cahors cc')).toEqual(['CC Grand Cahors Sud']);
  });

  it('finds an EPCI by its SIREN, whole or begun, spaces allowed', () => {
    expect(names('200 067 361')).toEqual(['CC Grand-Figeac']);
    expect(names('2000000')).toEqual(['Grand Cahors']);
    expect(names('20006')).toEqual(['CC Grand-Figeac']);
    expect(names('200')).toEqual(['CC Grand-Figeac', 'CA du Grand Cahors', 'Grand Cahors']);
  });
});
