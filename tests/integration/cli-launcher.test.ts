import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/temp.ts';

/** The README's command, `./mednum`: the bundle behind a two-line launcher, the core started beside it. */
describe('./mednum', () => {
  const run = (args: string[]) =>
    spawnSync(path.join(repoRoot, 'mednum'), args, {
      encoding: 'utf8',
      env: { ...process.env, MEDNUM_BY: '' },
    });

  it('answers on a new base, and a call that needs no core (help, a mistyped command) ends at once', () => {
    const dir = tempDir();
    const info = run(['--db', path.join(dir, 'base.sqlite'), 'info', '--json']);
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ name: 'mednum-admin', departement: '46' });
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Utilisation : mednum <commande>');
    const typo = run(['nimporte']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('Commande inconnue : « nimporte »');
  });
});
