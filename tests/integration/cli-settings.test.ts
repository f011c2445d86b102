import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBase, cliTestTimeout, expectRefused } from '../helpers/cli-base.ts';

const thisYear = new Date().getFullYear();

describe('settings get|set', { timeout: cliTestTimeout }, () => {
  const { cli, json } = cliBase('settings.sqlite');

  it('gives every setting of this PC, then one by its key', () => {
    expect(json('settings', 'get')).toEqual({
      staffName: '',
      retention: { months: 12, noExpiry: 'unregistered' },
      reports: { yearOffset: 1, keepCopy: true },
    });
    expect(json('settings', 'get', 'retention-months')).toEqual({ key: 'retention-months', value: 12 });
    const shown = cli('settings', 'get');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/retention-months\s+12\n/);
    expect(shown.stdout).toMatch(/report-keep-copy\s+oui\n/);
  });

  it('changes one setting and keeps the others', () => {
    expect(json('settings', 'set', 'retention-months', '24')).toEqual({ key: 'retention-months', value: 24 });
    expect(json('settings', 'set', 'no-expiry', 'keep')).toEqual({ key: 'no-expiry', value: 'keep' });
    expect(json('settings', 'set', 'report-keep-copy', 'non')).toEqual({
      key: 'report-keep-copy',
      value: false,
    });
    expect(cli('settings', 'set', 'staff-name', '  Claire Agent ').stdout).toBe(
      'Réglage staff-name : Claire Agent.\n',
    );
    expect(json('settings', 'get')).toEqual({
      staffName: 'Claire Agent',
      retention: { months: 24, noExpiry: 'keep' },
      reports: { yearOffset: 1, keepCopy: false },
    });
  });

  it('refuses an unknown key, a malformed value or one out of range, in French, and stores nothing', () => {
    expectRefused(
      cli('settings', 'get', 'couleur'),
      2,
      /^Réglage inconnu : « couleur »\. Réglages : staff-name, /,
    );
    expectRefused(cli('settings', 'set', 'retention-months', '500'), 2, /Entre 1 et 120 mois\./);
    expectRefused(
      cli('settings', 'set', 'retention-months', 'douze'),
      2,
      /Nombre de mois invalide : « douze »/,
    );
    expectRefused(
      cli('settings', 'set', 'no-expiry', 'jamais'),
      2,
      /Règle inconnue \(unregistered ou keep\)/,
    );
    expectRefused(cli('settings', 'set', 'report-year-offset', '9'), 2, /Entre -2 et 5 ans/);
    expect(json('settings', 'get')).toEqual({
      staffName: 'Claire Agent',
      retention: { months: 24, noExpiry: 'keep' },
      reports: { yearOffset: 1, keepCopy: false },
    });
  });

  it('report financing without --year takes the year the report defaults propose', () => {
    const out = path.join(os.tmpdir(), `rapport-${process.pid}.xlsx`);
    expect(cli('report', 'financing', '--out', out).stdout).toBe(
      `Rapport de financement ${thisYear + 1} écrit dans ${out}.\n`,
    );
    json('settings', 'set', 'report-year-offset', '0');
    expect(json('report', 'financing', '--out', out)).toEqual({ file: out, bytes: expect.any(Number) });
    expect(cli('report', 'financing', '--out', out).stdout).toBe(
      `Rapport de financement ${thisYear} écrit dans ${out}.\n`,
    );
  });
});

describe('the signature of a change made from the command line', { timeout: cliTestTimeout }, () => {
  const { json, withEnv, signerOf } = cliBase('signer.sqlite');
  const addCost = (env: NodeJS.ProcessEnv, ...extra: string[]) => {
    const result = withEnv(
      env,
      ...['cost', 'add', '--year', '2027', '--vendor', 'Cafeyn', '--label', 'Presse', '--pricing', 'flat'],
      ...['--amount', '1000', '--json', ...extra],
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout).id as string;
  };

  it('without --by, MEDNUM_BY or a stored name: the operating-system account', () => {
    expect(signerOf(addCost({ MEDNUM_BY: '' }))).toEqual([os.userInfo().username]);
    expect(json('settings', 'get', 'staff-name').value).toBe('');
  });

  it('MEDNUM_BY, then the name stored for this PC, and --by before both', () => {
    expect(signerOf(addCost({ MEDNUM_BY: 'Tâche planifiée' }))).toEqual(['Tâche planifiée']);
    json('settings', 'set', 'staff-name', 'Claire Agent');
    expect(signerOf(addCost({ MEDNUM_BY: '' }))).toEqual(['Claire Agent']);
    expect(signerOf(addCost({ MEDNUM_BY: 'Tâche planifiée' }))).toEqual(['Tâche planifiée']);
    expect(signerOf(addCost({ MEDNUM_BY: 'Tâche planifiée' }, '--by', 'Paul Agent'))).toEqual(['Paul Agent']);
  });

  it('is said in --help, with the option of each command that changes something', () => {
    const help = withEnv({}, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /signée par --by NOM, sinon par la variable MEDNUM_BY, sinon par le nom\nenregistré dans les Réglages de ce poste, sinon par le nom du compte du système/,
    );
    const command = withEnv({}, 'cost', 'add', '--help');
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(
      /--by NOM +nom de l’agent qui signe la modification \(sinon MEDNUM_BY, sinon le nom des Réglages de ce poste, sinon le compte du système\)/,
    );
  });
});
