import { beforeAll, describe, expect, it } from 'vitest';
import { grandFigeac } from '../helpers/app.ts';
import { cliOfPcs, expectNoStackTrace } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';

const dir = tempDir('mednum-sync-cli-');

/** Each PC's CLI, asynchronously: the central service in this process keeps answering. */
const mednum = cliOfPcs(dir);

let url: string;

beforeAll(async () => {
  const central = await startTestCentral();
  url = central.url;
  await central.addUser('anne@lot.fr', 'agent', password);
  await central.addUser('bruno@lot.fr', 'agent', password);
});

describe('mednum login / sync', () => {
  it('works offline: no server configured is a status, not an error', async () => {
    const status = await mednum('A', ['sync', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      configured: false,
      online: null,
      pending: { changes: 0 },
    });
    const sync = await mednum('A', ['sync']);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toMatch(/Aucun serveur central/);
    expectNoStackTrace(sync.stderr);
  });

  it('refuses a wrong password with a French message, and a missing option as a bad invocation', async () => {
    const wrong = await mednum(
      'A',
      ['login', '--server', url, '--email', 'anne@lot.fr', '--password-stdin'],
      'faux\n',
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/[a-zé]/);
    expectNoStackTrace(wrong.stderr);
    const missing = await mednum('A', ['login', '--server', url, '--password-stdin'], password);
    expect(missing.code).toBe(2);
  });

  it('logs in, syncs, and settles a conflict from the command line', async () => {
    for (const [pc, email] of [
      ['A', 'anne@lot.fr'],
      ['B', 'bruno@lot.fr'],
    ] as const) {
      const login = await mednum(
        pc,
        ['login', '--server', url, '--email', email, '--password-stdin'],
        `${password}\n`,
      );
      expect(login.stderr).toBe('');
      expect(login.stdout).toMatch(/Connecté/);
      expect(login.code).toBe(0);
    }
    await mednum('A', ['epci', 'set-status', grandFigeac, 'in_discussion', '--by', 'Anne']);
    await mednum('B', ['epci', 'set-status', grandFigeac, 'left', '--by', 'Bruno']);
    const first = await mednum('A', ['sync', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ pushed: 2, pulled: expect.any(Number), conflicts: 0 });
    const second = await mednum('B', ['sync', '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ pushed: 2, conflicts: 1 });

    const status = JSON.parse((await mednum('B', ['sync', 'status', '--json'])).stdout);
    expect(status).toMatchObject({ configured: true, loggedIn: true, conflicts: 1, pending: { changes: 0 } });
    const conflicts = JSON.parse((await mednum('B', ['sync', 'conflicts', '--json'])).stdout);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ serverValue: 'in_discussion', clientValue: 'left' });

    const bad = await mednum('B', ['sync', 'resolve', conflicts[0].id, '--keep', 'both']);
    expect(bad.code).toBe(2);
    const resolve = await mednum('B', [
      'sync',
      'resolve',
      conflicts[0].id,
      '--keep',
      'theirs',
      '--by',
      'Bruno',
    ]);
    expect(resolve.code).toBe(0);
    expect(resolve.stdout).toMatch(/Conflit réglé/);
    expect(JSON.parse((await mednum('B', ['sync', '--json'])).stdout)).toMatchObject({ conflicts: 0 });
    const human = await mednum('B', ['sync', 'status']);
    expect(human.stdout).toMatch(/Conflits à régler : 0/);
  });
});
