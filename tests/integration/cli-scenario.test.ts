import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cliOn, expectNoStackTrace } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/** `mednum scenario …` (issue 16): stored scenarios from the command line, JSON shapes as in README. */
const dir = tempDir('mednum-cli-scenario-');
const db = path.join(dir, 'scenarios.sqlite');
const { cli, json } = cliOn(dir, db);
const figeac = '200067361';

const file = (name: string, content: unknown) => {
  const target = path.join(dir, name);
  fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
};
const scenario = (name: string, rate: string) => ({
  name,
  year: 2027,
  conventions: [
    {
      epci: figeac,
      rate,
      start: '2027-01-01',
      end: null,
      basis: 'municipale',
      millesime: 2022,
      perimeter: 'epci',
      prorata: 'days',
      floor: null,
      cap: null,
      ...(rate === '0.30'
        ? {
            bands: [
              { upTo: 10000, rate: '0.30' },
              { upTo: null, rate: '0.20' },
            ],
          }
        : {}),
    },
  ],
});

function refused(result: ReturnType<typeof cli>, code: number, message: RegExp) {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(message);
  expectNoStackTrace(result.stderr);
}

describe('mednum scenario', () => {
  let first = '';
  let second = '';

  it('add --file and import store a scenario file; list shows them', () => {
    const added = json(
      'scenario',
      'add',
      '--file',
      file('a.json', scenario('Dégressif', '0.30')),
      '--by',
      'Test',
    );
    expect(added).toMatchObject({
      name: 'Dégressif',
      year: 2027,
      status: 'brouillon',
      author: 'Test',
      conventions: 1,
    });
    first = added.id;
    const imported = json('scenario', 'import', file('b.json', scenario('Taux bas', '0.20')), '--by', 'Test');
    second = imported.id;
    const list = json('scenario', 'list');
    expect(list.map((s: { name: string }) => s.name).sort()).toEqual(['Dégressif', 'Taux bas']);
    expect(Object.keys(list[0]).sort()).toEqual(
      ['author', 'conventions', 'id', 'name', 'status', 'updatedAt', 'year'].sort(),
    );
    expect(json('scenario', 'list', '--year', '2030')).toEqual([]);
    const text = cli('scenario', 'list');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Dégressif.*brouillon/);
  });

  it('show gives the whole scenario, bands included', () => {
    const shown = json('scenario', 'show', first);
    expect(shown).toMatchObject({ id: first, name: 'Dégressif', notes: '', status: 'brouillon' });
    expect(shown.conventions[0].bands).toHaveLength(2);
    expect(cli('scenario', 'show', first).stdout).toMatch(/tranches : jusqu’à 10000 0,30 €, au-delà 0,20 €/);
  });

  it('export writes the file the screen imports, and it imports back', () => {
    const out = path.join(dir, 'export.json');
    expect(json('scenario', 'export', first, '--out', out)).toEqual({ id: first, file: out });
    const written = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(written).toEqual(scenario('Dégressif', '0.30'));
    const again = json('scenario', 'import', out, '--by', 'Test');
    expect(again.id).not.toBe(first);
  });

  it('compare sets up to four scenarios against the current situation', () => {
    const compared = json('scenario', 'compare', first, second, '--year', '2027');
    expect(compared.year).toBe(2027);
    expect(compared.scenarios.map((s: { name: string }) => s.name)).toEqual(['Dégressif', 'Taux bas']);
    expect(compared.current.totalCents).toBe(0);
    const row = compared.epci.find((e: { epci: string }) => e.epci === figeac);
    expect(row.currentCents).toBe(0);
    expect(row.scenariosCents[0]).toBeGreaterThan(row.scenariosCents[1]);
    expect(compared.scenarios[0].deltaCents).toBe(row.scenariosCents[0]);
    expect(cli('scenario', 'compare', first).stdout).toMatch(/Situation actuelle/);
  });

  it('contributions and report financing take a stored scenario by its id as well as a file', async () => {
    const byId = json('contributions', '--year', '2027', '--scenario', first);
    const byFile = json(
      'contributions',
      '--year',
      '2027',
      '--scenario',
      file('c.json', scenario('Dégressif', '0.30')),
    );
    expect(byId.totalCents).toBe(byFile.totalCents);
    expect(byId.totalCents).toBeGreaterThan(0);
    const out = path.join(dir, 'financement.xlsx');
    const written = json(
      'report',
      'financing',
      '--year',
      '2027',
      '--scenario',
      first,
      '--scenario',
      second,
      '--out',
      out,
    );
    expect(written.file).toBe(out);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const names = workbook.worksheets.map((sheet) => sheet.name).join(' | ');
    const comparison = workbook.worksheets
      .flatMap((sheet) => sheet.getSheetValues().flat())
      .map(String)
      .join(' ');
    expect(names).toMatch(/Comparaison/);
    expect(comparison).toContain('Dégressif');
    expect(comparison).toContain('Taux bas');
    refused(
      cli('report', 'financing', '--year', '2027', '--scenario', 'inconnu', '--out', out),
      1,
      /scénario n’existe pas/,
    );
  });

  it('refuses in French: unknown id (1), bad file or invocation (2)', () => {
    refused(cli('scenario', 'show', 'inconnu'), 1, /scénario n’existe pas/);
    refused(cli('scenario', 'compare', first, 'inconnu'), 1, /scénario n’existe pas/);
    refused(cli('scenario', 'compare', first, first, first, first, first), 2, /.+/);
    refused(cli('scenario', 'compare', first, '--year', 'demain'), 2, /Année invalide/);
    refused(
      cli('scenario', 'add', '--file', file('bad.json', '{ pas du json'), '--by', 'Test'),
      2,
      /JSON lisible/,
    );
    refused(
      cli(
        'scenario',
        'import',
        file('bad2.json', { name: 'X', year: 2027, conventions: [{ epci: figeac }] }),
        '--by',
        'Test',
      ),
      2,
      /invalide/,
    );
    refused(
      cli('scenario', 'import', path.join(dir, 'absent.json'), '--by', 'Test'),
      2,
      /Impossible de lire/,
    );
    refused(cli('scenario', 'export', first), 2, /.+/);
  });
});
