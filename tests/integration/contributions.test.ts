import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../shared/api.ts';
import {
  grandFigeac,
  grandFigeacConvention2027,
  grandFigeacScenarioConvention,
  openTestApp,
} from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { contributionsCliLineKeys } from '../helpers/contributions-cli.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const cazals = '200035327';
let api: Api;

beforeAll(async () => {
  ({ api } = await openTestApp(dir, 'contributions.sqlite'));
  await api.call('convention.add', grandFigeacConvention2027);
  await api.call('convention.add', {
    epci: cazals,
    rate: '0.25',
    start: '2025-01-01',
    basis: 'municipale',
    millesime: 2021,
    perimeter: 'departement',
    prorata: 'months',
    floor: '1500',
  });
});

describe('contributions for a year', () => {
  it('computes each convention in force on the population it froze, exactly', async () => {
    const result = await api.call('contributions.compute', { year: 2027 });
    const figeac = result.lines.find((l) => l.epci === grandFigeac);
    // 45 489 × 0,30 € = 13 646,70 € ; × 184/365 (1 July – 31 December 2027) = 6 879,4323… → 6 879,43 €.
    expect(figeac).toMatchObject({
      population: 45489,
      rate: '0.30',
      prorataFraction: { numerator: 184, denominator: 365 },
      prorata: '0.504110',
      amountCents: 687943,
      source: 'convention',
      reference: 'GF-2027',
    });
    expect(figeac?.communes).toHaveLength(92);
    expect(figeac?.communes.every((c) => c.inPerimeter)).toBe(true);
    const small = result.lines.find((l) => l.epci === cazals);
    expect(small).toMatchObject({ amountCents: 150000, limitedBy: 'floor' });
    expect(small?.communes.every((c) => c.inPerimeter === (c.departement === '46'))).toBe(true);
    expect(result.totalCents).toBe(687943 + 150000);
  });

  it('leaves out the conventions not in force that year', async () => {
    const result = await api.call('contributions.compute', { year: 2026 });
    expect(result.lines.map((l) => l.epci)).toEqual([cazals]);
  });

  it('lets a scenario replace an EPCI’s conventions in force', async () => {
    const result = await api.call('contributions.compute', {
      year: 2027,
      scenario: {
        name: 'Négociation Grand-Figeac',
        year: 2027,
        conventions: [
          {
            epci: grandFigeac,
            rate: '0.35',
            start: '2027-01-01',
            end: null,
            basis: 'municipale',
            millesime: 2022,
            perimeter: 'departement',
            prorata: 'none',
            floor: null,
            cap: null,
          },
        ],
      },
    });
    const figeac = result.lines.filter((l) => l.epci === grandFigeac);
    expect(figeac).toHaveLength(1);
    const inLot = (await api.call('epci.get', { siren: grandFigeac })).communes.filter(
      (c) => c.inDepartement,
    );
    const population = inLot.reduce((sum, c) => sum + c.population.municipale, 0);
    expect(figeac[0]).toMatchObject({ source: 'scenario', population, amountCents: population * 35 });
    expect(result.scenario).toBe('Négociation Grand-Figeac');
  });

  it('says which populations are missing instead of inventing an amount', async () => {
    const result = await api.call('contributions.compute', {
      year: 2027,
      scenario: {
        name: 'DGF',
        year: 2027,
        conventions: [
          {
            epci: grandFigeac,
            rate: '0.30',
            start: '2027-01-01',
            end: null,
            basis: 'dgf',
            millesime: 2022,
            perimeter: 'epci',
            prorata: 'days',
            floor: null,
            cap: null,
          },
        ],
      },
    });
    expect(result.lines.some((l) => l.epci === grandFigeac)).toBe(false);
    expect(result.missing).toEqual([
      { epci: grandFigeac, name: 'CC Grand-Figeac', basis: 'dgf', millesime: 2022 },
    ]);
  });
});

describe('mednum contributions', () => {
  it('prints the issue’s JSON shape, with a scenario file, and refuses a bad one with exit 2', () => {
    const db = path.join(dir, 'contributions.sqlite');
    const scenario = path.join(dir, 'scenario.json');
    fs.writeFileSync(
      scenario,
      JSON.stringify({
        name: 'Négociation Grand-Figeac',
        year: 2027,
        conventions: [grandFigeacScenarioConvention('0.30', '2027-07-01')],
      }),
    );
    const result = runCli(dir, [
      'contributions',
      '--year',
      '2027',
      '--scenario',
      scenario,
      '--json',
      '--db',
      db,
    ]);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['year', 'lines', 'totalCents']);
    expect(Object.keys(json.lines[0])).toEqual([...contributionsCliLineKeys]);
    expect(json.lines.find((l: { epci: string }) => l.epci === grandFigeac).amountCents).toBe(687943);

    // The service checks the year, whichever door the scenario comes through.
    const otherYear = runCli(dir, ['contributions', '--year', '2026', '--scenario', scenario, '--db', db]);
    expect(otherYear.code).toBe(2);
    expect(otherYear.stderr).toContain(
      'Le scénario « Négociation Grand-Figeac » porte sur 2027, pas sur 2026.',
    );
    fs.writeFileSync(scenario, '{ "name": "x", "year": 2027, "conventions": [ { "epci": "12" } ] }');
    const bad = runCli(dir, ['contributions', '--year', '2027', '--scenario', scenario, '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Scénario .* invalide/);
  });
});

describe('mednum report financing', () => {
  it('writes the workbook: one sheet per convention, the total as a live formula with its cached value', async () => {
    const db = path.join(dir, 'contributions.sqlite');
    const out = path.join(dir, 'rapport-2027.xlsx');
    const result = runCli(dir, ['report', 'financing', '--year', '2027', '--out', out, '--json', '--db', db]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ file: out, bytes: fs.statSync(out).size });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names.slice(0, 4)).toEqual(['Synthèse', 'Comparaison', 'Sensibilité', 'Sources']);
    expect(names).toEqual(expect.arrayContaining(['CC Grand-Figeac', 'CC Cazals-Salviac']));
    const cached: number[] = [];
    workbook.getWorksheet('Synthèse')?.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.formula?.startsWith('ROUND(SUM(')) cached.push(Number(cell.result));
      }),
    );
    expect(cached).toEqual([(687943 + 150000) / 100]);
    expect(
      runCli(dir, [
        'report',
        'financing',
        '--year',
        '2027',
        '--out',
        path.join(dir, 'absent', 'r.xlsx'),
        '--db',
        db,
      ]).code,
    ).toBe(2);
  });

  it('writes an EPCI’s statement, and exits 1 for an EPCI with no convention that year', async () => {
    const db = path.join(dir, 'contributions.sqlite');
    const out = path.join(dir, 'appel.xlsx');
    const args = ['report', 'statement', '--year', '2027', '--out', out, '--db', db];
    expect(runCli(dir, [...args, '--epci', grandFigeac]).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets[0]?.name).toBe('Participation 2027');
    const none = runCli(dir, [...args, '--epci', '200023737']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/Aucune convention/);
  });

  it('exports the figures as CSV, safe to open in Excel', async () => {
    const csv = await api.call('contributions.csv', { year: 2027 });
    const text = Buffer.from(csv.content, 'base64').toString('utf8');
    expect(text.startsWith('\ufeffEPCI;SIREN;')).toBe(true);
    expect(text).toMatch(/CC Grand-Figeac;200067361;GF-2027/);
  });
});
