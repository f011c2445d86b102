import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn, expectNoStackTrace } from '../helpers/cli.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const db = path.join(dir, 'cli.sqlite');
const { cli, json } = cliOn(dir, db);
const figeac = '200067361';

describe('the collectivities commands, run as a child process', () => {
  it('epci set-status moves an EPCI and signs the move with --by', () => {
    const move = json(
      'epci',
      'set-status',
      figeac,
      'in_discussion',
      '--note',
      'Premier rendez-vous',
      '--by',
      'Jean Agent',
    );
    expect(move).toMatchObject({
      from: 'not_contacted',
      status: 'in_discussion',
      by: 'Jean Agent',
      note: 'Premier rendez-vous',
    });
  });

  it('epci set-status exits 1 on a refused move and changes nothing', () => {
    const refused = cli('epci', 'set-status', figeac, 'active', '--by', 'Jean Agent');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^Passage refusé : de « En discussion » on ne peut pas aller à « Actif »/);
    expectNoStackTrace(refused.stderr);
    expect(json('epci', 'show', figeac).status).toBe('in_discussion');
  });

  it('epci set-status exits 2 on an unknown status', () => {
    const unknown = cli('epci', 'set-status', figeac, 'signed', '--by', 'J');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Statut inconnu/);
  });

  it('library add derives the EPCI from an Aveyron commune of Grand-Figeac', () => {
    const added = json(
      'library',
      'add',
      '--name',
      'Point lecture d’Asprières',
      '--commune',
      '12012',
      '--ils',
      'koha',
      '--by',
      'J',
    );
    expect(added).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), code: 'ASPRIERES', epci: figeac });
  });

  it('library list filters by EPCI', () => {
    expect(json('library', 'list', '--epci', figeac).map((l: { code: string }) => l.code)).toEqual([
      'ASPRIERES',
    ]);
    expect(json('library', 'list', '--epci', '200023737')).toEqual([]);
  });

  it('convention add records exact terms and refuses an overlap with exit 1', () => {
    const terms = [
      '--epci',
      figeac,
      '--rate',
      '0.30',
      '--start',
      '2027-07-01',
      '--basis',
      'totale',
      '--millesime',
      '2022',
    ];
    const rest = ['--perimeter', 'epci', '--prorata', 'days', '--by', 'J'];
    const added = json('convention', 'add', ...terms, ...rest);
    expect(added).toEqual({ id: expect.any(String) });
    const overlap = cli('convention', 'add', ...terms, ...rest);
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toMatch(/chevauche/);
    const bad = cli(
      'convention',
      'add',
      ...terms.slice(0, 2),
      '--rate',
      'trente',
      '--start',
      '2031-01-01',
      '--basis',
      'totale',
      '--millesime',
      '2022',
      ...rest,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Taux invalide/);
  });

  it('epci show gives status, history, conventions, libraries and communes', () => {
    const epci = json('epci', 'show', figeac);
    expect(epci).toMatchObject({ siren: figeac, name: 'CC Grand-Figeac', status: 'in_discussion' });
    expect(epci.history).toEqual([
      {
        id: expect.any(String),
        status: 'in_discussion',
        from: 'not_contacted',
        at: expect.any(String),
        by: 'Jean Agent',
        note: 'Premier rendez-vous',
      },
    ]);
    expect(epci.conventions).toEqual([
      expect.objectContaining({ rate: '0.30', basis: 'totale', millesime: 2022 }),
    ]);
    expect(epci.libraries).toEqual([expect.objectContaining({ code: 'ASPRIERES' })]);
    expect(epci.communes).toHaveLength(92);
  });

  it('millesime import reads an INSEE file and reports what it did', () => {
    const file = path.join(repoRoot, 'tests', 'fixtures', 'populations-legales-2023-lot.csv');
    const result = json('millesime', 'import', file, '--year', '2023', '--by', 'J');
    expect(result).toMatchObject({ millesime: 2023, kind: 'insee', communes: 345, ignored: 1, missing: [] });
    const dgf = path.join(repoRoot, 'tests', 'fixtures', 'population-dgf-2026-lot.csv');
    expect(
      json('millesime', 'import', dgf, '--year', '2026', '--basis-file-kind', 'dgf', '--by', 'J'),
    ).toMatchObject({
      kind: 'dgf',
      communes: 345,
    });
  });

  it('millesime import exits 2 on a missing or unreadable file', () => {
    const missing = cli('millesime', 'import', path.join(dir, 'absent.csv'), '--year', '2023', '--by', 'J');
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/Impossible de lire le fichier/);
    const notPopulations = cli(
      'millesime',
      'import',
      path.join(repoRoot, 'package.json'),
      '--year',
      '2023',
      '--by',
      'J',
    );
    expect(notPopulations.code).toBe(2);
    expect(notPopulations.stderr).toMatch(/colonnes introuvables/);
  });

  it.each([
    [['library', 'add', '--name', 'X'], /Option obligatoire manquante : --commune/],
    [['epci', 'show', figeac, '--note', 'x'], /Option --note sans objet ici/],
    [['millesime', 'import', 'f.csv'], /Option obligatoire manquante : --year/],
  ])('answers %j with exit 2 and the expected usage', (args, message) => {
    const result = cli(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
