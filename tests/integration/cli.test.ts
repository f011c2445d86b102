import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoStackTrace, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(dir, args, env);

describe('mednum epci list', () => {
  it('lists the ten EPCI of the Lot as JSON on a brand-new file, with member counts and population sums', () => {
    const db = path.join(dir, 'fresh.db');
    const { code, stdout, stderr } = cli(['epci', 'list', '--json', '--db', db]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const list = JSON.parse(stdout);
    expect(list).toHaveLength(10);
    expect(Object.keys(list[0])).toEqual([
      'siren',
      'name',
      'type',
      'communes',
      'millesime',
      'population',
      'status',
      'libraries',
      'followUp',
    ]);
    expect(list.find((e: { siren: string }) => e.siren === '200067361')).toEqual({
      siren: '200067361',
      name: 'CC Grand-Figeac',
      type: 'CC',
      communes: 92,
      millesime: 2022,
      status: 'not_contacted',
      libraries: 0,
      population: { municipale: 43924, totale: 45489 },
      followUp: { nextAction: '', nextActionDue: null, overdue: false },
    });
    expect(fs.existsSync(db)).toBe(true);
  });

  it('prints a French table without --json', () => {
    const { code, stdout } = cli(['epci', 'list', '--db', path.join(dir, 'fresh.db')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/CC Grand-Figeac\s+CC\s+92\s+43\s924\s+45\s489/);
    expect(stdout).toMatch(/10 EPCI — populations légales 2022/);
  });

  it('takes the database from MEDNUM_DB, and otherwise from the desktop app’s folder', () => {
    const viaEnv = path.join(dir, 'via-env.db');
    expect(cli(['epci', 'list', '--json'], { MEDNUM_DB: viaEnv }).code).toBe(0);
    expect(fs.existsSync(viaEnv)).toBe(true);

    const byDefault = cli(['info', '--json']);
    expect(byDefault.code).toBe(0);
    expect(JSON.parse(byDefault.stdout).databasePath).toBe(
      path.join(dir, 'config', 'mednum-admin', 'mednum-admin.sqlite'),
    );
  });
});

describe('bad invocations', () => {
  it('fails with exit 2 and a French message when the database folder does not exist', () => {
    const { code, stdout, stderr } = cli(['epci', 'list', '--db', '/nonexistent/dir/x.db']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'Impossible d’ouvrir la base de données : le dossier « /nonexistent/dir » n’existe pas.\n',
    );
  });

  it('refuses a file that is not a database and leaves it untouched', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'liste des lecteurs à rappeler\n'.repeat(50));
    const { code, stderr } = cli(['epci', 'list', '--db', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/n’est pas une base de données mednum-admin/);
    expect(fs.readFileSync(file, 'utf8')).toBe('liste des lecteurs à rappeler\n'.repeat(50));
  });

  it.each([
    [['epci', 'list', '--bogus'], /Option inconnue : --bogus/],
    [['epci', 'list', '--db'], /Valeur manquante ou invalide pour l’option --db/],
    [['epci', 'remove'], /Commande inconnue : « epci remove »/],
    [['epci', 'show'], /Arguments incorrects\. Attendu : mednum epci show <siren>/],
    [[], /Utilisation : mednum/],
  ])('answers %j with exit 2 and French usage help', (args, message) => {
    const { code, stdout, stderr } = cli(args);
    expect(code).toBe(2);
    expect(stdout + stderr).toMatch(message);
    expectNoStackTrace(stderr);
  });

  it('a slip of the keyboard gets the command meant, in a few lines rather than the whole usage', () => {
    const typo = cli(['epci', 'lst']);
    expect(typo).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'Commande inconnue : « epci lst ».\nVouliez-vous dire « mednum epci list » ?\n\nToutes les commandes : mednum --help\n',
    });
    // A known command with a stray word: refused, with the longer command it resembles.
    expect(cli(['sync', 'statut'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Vouliez-vous dire « mednum sync status » ?'),
    });
    // A group's words alone: its commands; far from any command: no guess.
    const group = cli(['library', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toMatch(/mednum library add\n.*\n {2}mednum library list\n/);
    expect(group.stdout).not.toContain('epci');
    expect(cli(['statistiques']).stderr).not.toContain('Vouliez-vous dire');
  });

  it('rejects an invalid SIREN with exit 2 and an unknown one with exit 1', () => {
    const db = path.join(dir, 'fresh.db');
    const invalid = cli(['epci', 'show', '12', '--db', db, '--json']);
    expect(invalid).toMatchObject({ code: 2, stdout: '' });
    expect(invalid.stderr).toMatch(/SIREN compte 9 chiffres/);
    const unknown = cli(['epci', 'show', '123456789', '--db', db, '--json']);
    expect(unknown).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'Aucune collectivité ne porte le SIREN 123456789.\n',
    });
  });
});
