import { beforeAll, describe, expect, it } from 'vitest';
import { grandFigeac } from '../helpers/app.ts';
import { cliOfPcs, expectNoStackTrace } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';

const dir = tempDir('mednum-sync-cli-access-');

/** Each PC's CLI, asynchronously: the central service in this process keeps answering. */
const mednum = cliOfPcs(dir);

let url: string;

beforeAll(async () => {
  const central = await startTestCentral();
  url = central.url;
  await central.addUser('admin@lot.fr', 'admin', password);
  await central.addUser('anne@lot.fr', 'agent', password);
  for (const [pc, email] of [
    ['admin', 'admin@lot.fr'],
    ['anne', 'anne@lot.fr'],
  ] as const) {
    const login = await mednum(
      pc,
      ['login', '--server', url, '--email', email, '--password-stdin'],
      password,
    );
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
  }
}, 60_000);

describe('mednum platform / access', () => {
  it('platform add shows the secret once; list never shows it; remove takes it away', async () => {
    const added = await mednum('admin', [
      'platform',
      'add',
      '--name',
      'Cantook',
      '--redirect-uri',
      'https://cantook.example/retour',
      '--redirect-uri',
      'https://cantook.example/retour-2',
      '--category',
      '--json',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const platform = JSON.parse(added.stdout);
    expect(platform).toMatchObject({
      name: 'Cantook',
      redirectUris: ['https://cantook.example/retour', 'https://cantook.example/retour-2'],
      sendCategory: true,
      sendAgeBand: false,
    });
    expect(platform.clientSecret.length).toBeGreaterThanOrEqual(32);

    const listed = await mednum('admin', ['platform', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Cantook');
    expect(listed.stdout).toContain(platform.clientId);
    expect(listed.stdout).not.toContain(platform.clientSecret);

    const removed = await mednum('admin', ['platform', 'remove', platform.clientId]);
    expect(removed).toMatchObject({ code: 0, stdout: `Plateforme ${platform.clientId} retirée.\n` });
    expect((await mednum('admin', ['platform', 'list'])).stdout).toContain('Aucune plateforme enregistrée.');
  }, 60_000);

  it('an agent is refused in French (exit 1); a bad invocation is exit 2', async () => {
    const refused = await mednum('anne', [
      'platform',
      'add',
      '--name',
      'Tout apprendre',
      '--redirect-uri',
      'https://ta.example/retour',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Seul un compte administrateur du serveur central/);
    expectNoStackTrace(refused.stderr);

    const bad = await mednum('admin', ['access', 'policy', '--grace-days', 'trente']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Délai de grâce invalide/);
    const badUri = await mednum('admin', ['platform', 'add', '--name', 'X', '--redirect-uri', 'ftp://x']);
    expect(badUri.code).toBe(2);
    expect(badUri.stderr).toMatch(/Adresse de retour invalide/);
  }, 60_000);

  it('access policy shows and changes the rules; the agent PC reads them after its sync', async () => {
    const changed = await mednum('admin', [
      'access',
      'policy',
      '--grace-days',
      '20',
      '--open-epci',
      grandFigeac,
      '--json',
    ]);
    expect(changed.stderr).toBe('');
    expect(JSON.parse(changed.stdout).policy).toEqual({ graceDays: 20, openedEpcis: [grandFigeac] });

    expect((await mednum('anne', ['sync'])).code).toBe(0);
    const shown = await mednum('anne', ['access', 'policy']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Délai de grâce après la fin de l’abonnement : 20 jours');
    expect(shown.stdout).toContain(`${url}/oidc/.well-known/openid-configuration`);
  }, 60_000);

  it('access activity --year: the year’s counts, in French or as JSON', async () => {
    const year = String(new Date().getFullYear());
    const json = await mednum('anne', ['access', 'activity', '--year', year, '--json']);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ year: Number(year), active: 0 });
    const text = await mednum('anne', ['access', 'activity', '--year', year]);
    expect(text.stdout).toMatch(new RegExp(`^Lecteurs actifs ${year} : 0`));
    const help = await mednum('anne', ['platform', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--redirect-uri');
    expect(help.stdout).toContain('adresse de retour');
  }, 60_000);
});
