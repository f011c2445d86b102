import { describe, expect, it } from 'vitest';
import { cliBase, cliTestTimeout, expectRefused } from '../helpers/cli-base.ts';

const figeac = '200067361';
const thisYear = new Date().getFullYear();

describe('cost list|add|remove and indicators', { timeout: cliTestTimeout }, () => {
  const { cli, json } = cliBase('costs.sqlite');
  const add = (year: string, vendor: string, pricing: string, amount: string) =>
    cli(
      ...['cost', 'add', '--year', year, '--vendor', vendor, '--label', 'Abonnement', '--pricing', pricing],
      ...['--amount', amount, '--by', 'T', '--json'],
    );

  it('adds cost lines and lists them by year, exact to the cent', () => {
    const first = add('2027', 'Cafeyn', 'flat', '12 000,50');
    expect(first.code).toBe(0);
    const { id } = JSON.parse(first.stdout);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(add('2027', 'Tout Apprendre', 'per_patron', '3000').code).toBe(0);
    expect(add(String(thisYear), 'Cafeyn', 'flat', '9000').code).toBe(0);
    const lines = json('cost', 'list', '--year', '2027');
    expect(lines).toEqual([
      {
        id,
        year: 2027,
        vendor: 'Cafeyn',
        label: 'Abonnement',
        pricing: 'flat',
        amount: '12000.50',
        amountCents: 1_200_050,
      },
      expect.objectContaining({ vendor: 'Tout Apprendre', pricing: 'per_patron', amountCents: 300_000 }),
    ]);
    expect(cli('cost', 'list', '--year', '2027').stdout).toMatch(/Coût du service 2027 : 15\u202f000,50 €/);
  });

  it('without --year lists the year the report defaults propose', () => {
    const proposed = json('cost', 'list').map((l: { year: number }) => l.year);
    expect(proposed).toEqual(thisYear + 1 === 2027 ? [2027, 2027] : []);
    json('settings', 'set', 'report-year-offset', '0');
    expect(json('cost', 'list').map((l: { year: number }) => l.year)).toEqual([thisYear]);
  });

  it('refuses a malformed amount, year or pricing with exit 2 and writes nothing', () => {
    expectRefused(
      add('2027', 'Cafeyn', 'flat', 'douze euros'),
      2,
      /Montant invalide \(exemple : 1 500,00\)\./,
    );
    expectRefused(
      add('deux-mille', 'Cafeyn', 'flat', '10'),
      2,
      /^Année invalide \(exemple : --year 2027\)\./,
    );
    expectRefused(add('2027', 'Cafeyn', 'gratuit', '10'), 2, /Mode de tarification inconnu/);
    expect(json('cost', 'list', '--year', '2027')).toHaveLength(2);
  });

  it('removes a line by its id; an unknown id exits 1 and removes nothing', () => {
    const [kept] = json('cost', 'list', '--year', String(thisYear));
    expectRefused(
      cli('cost', 'remove', '0190aaaa-0000-7000-8000-000000000000', '--by', 'T'),
      1,
      /^Cette ligne de coût n’existe plus\./,
    );
    expect(json('cost', 'remove', kept.id, '--by', 'T')).toEqual({ id: kept.id });
    expect(json('cost', 'list', '--year', String(thisYear))).toEqual([]);
  });

  it('indicators gives the Participations screen’s figures for the year', () => {
    const data = json('indicators', '--year', '2027');
    expect(Object.keys(data).sort()).toEqual(
      [
        'contributionsCents',
        'costCents',
        'costPerInhabitantCovered',
        'costPerPerson',
        'coveredPopulation',
        'coveredShare',
        'departementPopulation',
        'departementShareCents',
        'epci',
        'millesime',
        'persons',
        'year',
        // Active patrons pulled from the central service: never pulled here, so null.
        'patrons',
        'activePatrons',
        'activePer1000',
        'activeShare',
        'activityFetchedAt',
      ].sort(),
    );
    expect(data).toMatchObject({
      year: 2027,
      costCents: 1_500_050,
      contributionsCents: 0,
      departementShareCents: 1_500_050,
      activePatrons: null,
      activityFetchedAt: null,
    });
    expect(data.epci.find((e: { epci: string }) => e.epci === figeac)).toMatchObject({
      name: 'CC Grand-Figeac',
      active: false,
      patrons: 0,
      contributionCents: 0,
    });
    expectRefused(cli('indicators', '--year', 'l’an prochain'), 2, /^Année invalide/);
  });
});

describe('convention list|show', { timeout: cliTestTimeout }, () => {
  const { cli, json } = cliBase('conventions.sqlite');

  it('lists the stored conventions, of all EPCI or of one, and shows one', () => {
    const { id } = json(
      ...['convention', 'add', '--epci', figeac, '--rate', '0.30', '--start', '2027-07-01'],
      ...['--basis', 'totale', '--millesime', '2022', '--perimeter', 'epci', '--prorata', 'days'],
      ...['--reference', 'CONV-2027-01', '--by', 'T'],
    );
    const listed = json('convention', 'list');
    expect(listed).toEqual([
      expect.objectContaining({
        id,
        epci: figeac,
        epciName: 'CC Grand-Figeac',
        reference: 'CONV-2027-01',
        start: '2027-07-01',
        end: null,
        rate: '0.30',
        basis: 'totale',
        millesime: 2022,
        perimeter: 'epci',
        prorata: 'days',
        floor: null,
        cap: null,
        document: null,
        population: expect.objectContaining({ value: expect.any(Number) }),
      }),
    ]);
    expect(json('convention', 'list', '--epci', '200023737')).toEqual([]);
    const shown = cli('convention', 'show', id);
    expect(shown.stdout).toMatch(/^Convention CONV-2027-01 — CC Grand-Figeac \(200067361\)/);
    expect(shown.stdout).toMatch(/Période : 01\/07\/2027 → sans fin/);
    expect(json('convention', 'show', id)).toEqual(listed[0]);
  });

  it('an unknown id or EPCI exits 1, a malformed SIREN exits 2', () => {
    expectRefused(
      cli('convention', 'show', 'inconnue'),
      1,
      /^Aucune convention ne porte l’identifiant inconnue\./,
    );
    expectRefused(
      cli('convention', 'list', '--epci', '200000000'),
      1,
      /^Aucune collectivité ne porte le SIREN 200000000\./,
    );
    expectRefused(cli('convention', 'list', '--epci', '123'), 2, /^Données invalides/);
  });
});
