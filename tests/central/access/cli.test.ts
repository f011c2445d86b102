import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeMigratedPgliteDir } from '../../helpers/pglite-template.ts';
import { backends } from '../backends.ts';
import { centralCli } from './central-cli.ts';

/** `platform add|list|remove` and `access policy` of the central CLI, in-process, on both backends. */
describe.each(backends)('central CLI for patron access ($name)', (backend) => {
  let store: Awaited<ReturnType<typeof backend.fresh>>;
  let keys: string;

  beforeAll(async () => {
    store = await backend.fresh();
    // A copy of the run's migrated PGlite folder, not initdb and the migrations in WebAssembly.
    if (store.options.dataDir) await placeMigratedPgliteDir(store.options.dataDir);
    keys = mkdtempSync(path.join(os.tmpdir(), 'mednum-cli-keys-'));
  });
  afterAll(async () => {
    rmSync(keys, { recursive: true, force: true });
    await store.dispose();
  });

  /** Runs the CLI; its exit code and what it wrote on stdout and stderr. */
  const run = (...args: string[]) => centralCli(store.options, keys, ...args);

  it('registers a platform, shows its secret once, lists and removes it', async () => {
    const added = await run(
      'platform',
      'add',
      '--name',
      'Cantook',
      '--redirect-uri',
      'https://cantook.example/retour',
      '--redirect-uri',
      'https://cantook.example/retour2',
      '--category',
    );
    expect(added.code).toBe(0);
    const clientId = /client_id\) : (\S+)/.exec(added.stdout)?.[1] as string;
    const secret = /client_secret\) {2}: (\S+)/.exec(added.stdout)?.[1] as string;
    expect(clientId).toMatch(/^mednum-/);
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(added.stdout).toContain('n’est montré qu’une fois');

    const listed = await run('platform', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(clientId);
    expect(listed.stdout).toContain('https://cantook.example/retour https://cantook.example/retour2');
    expect(listed.stdout).toContain('catégorie');
    expect(listed.stdout).not.toContain(secret);

    expect((await run('platform', 'remove', clientId)).code).toBe(0);
    expect((await run('platform', 'list')).stdout).toBe('Aucune plateforme enregistrée.\n');
    const again = await run('platform', 'remove', clientId);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Aucune plateforme enregistrée sous l’identifiant');
  });

  it('refuses a bad invocation with code 2 and a French message', async () => {
    const cases: [string[], RegExp][] = [
      [['platform', 'add', '--name', 'X'], /au moins une --redirect-uri/],
      [
        ['platform', 'add', '--name', 'X', '--redirect-uri', 'http://x.example/r'],
        /Adresse de retour invalide/,
      ],
      [['platform', 'remove'], /identifiant de la plateforme/],
      [['access', 'policy', '--grace-days', '400'], /0 à 365 jours/],
      [['access', 'policy', '--open-epci', '123'], /SIREN|9 chiffres|chiffres/i],
    ];
    for (const [args, message] of cases) {
      const answer = await run(...args);
      expect(answer.code, args.join(' ')).toBe(2);
      expect(answer.stderr).toMatch(message);
    }
  });

  it('shows and sets the access policy', async () => {
    const shown = await run('access', 'policy');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Délai de grâce après la fin d’un abonnement : 30 jours');
    const set = await run('access', 'policy', '--grace-days', '10', '--open-epci', '200067361');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(': 10 jours');
    expect(set.stdout).toContain('EPCI ouverts sans convention : 200067361');
    const cleared = await run('access', 'policy', '--no-open-epci');
    expect(cleared.stdout).toContain('EPCI ouverts sans convention : aucun');
    expect(cleared.stdout).toContain(': 10 jours');
  });
});
