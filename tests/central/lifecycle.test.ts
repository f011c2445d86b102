import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../../central/app.ts';
import { latestVersion } from '../../central/store/migrate.ts';
import { PROTOCOL_VERSION, SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import { centralCommand } from '../helpers/central-command.ts';
import { placeMigratedPgliteDir } from '../helpers/pglite-template.ts';
import { backends, startTestCentral } from './backends.ts';
import { client, grandFigeac, mutation } from './client.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe.each(backends)('health, shutdown, restart ($name)', (backend) => {
  let armed = false;
  let inFlight: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    inFlight = resolve;
  });
  let server: Awaited<ReturnType<typeof startTestCentral>>;

  beforeAll(async () => {
    server = await startTestCentral(backend, {
      now: () => {
        if (armed) inFlight();
        return new Date();
      },
    });
  });
  afterAll(() => server.dispose());

  it('reports health without auth or protocol headers', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      database: { reachable: true, backend: backend.name, migration: latestVersion },
      protocol: PROTOCOL_VERSION,
      schema: SYNC_SCHEMA_VERSION,
    });
  });

  it('shuts down gracefully: an in-flight push finishes whole, then the port closes and the data stays', async () => {
    const api = client(server.url);
    const token = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    const clientId = randomUUID();
    const mutations = Array.from({ length: 200 }, (_, i) =>
      mutation(i + 1, 'contact', `shutdown-${i}`, {
        epci_siren: grandFigeac,
        name: `N${i}`,
        role: '',
        email: '',
        phone: '',
      }),
    );
    armed = true;
    const pushing = api.push(token, clientId, mutations);
    await reached; // the push is being applied
    armed = false;
    const closing = server.close();
    const { status, body } = await pushing;
    await closing;
    expect(status).toBe(200);
    expect(body.acceptedThrough).toBe(200);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();

    const { ctx, database } = await openContext(server.options);
    const stored = await ctx.db
      .selectFrom('sync_mutation')
      .select('client_seq')
      .where('client_id', '=', clientId)
      .execute();
    await database.close();
    expect(stored).toHaveLength(200);

    await server.restart();
    const again = await api.push(
      (await api.login('agent@lot.fr', 'agent-password')).accessToken,
      clientId,
      mutations,
    );
    expect(again.body).toEqual(body);
  });
});

/** Runs the central's command: bundled, or through tsx as staff run `npm run central -- …`. */
function central(args: string[], input?: string, env: NodeJS.ProcessEnv = {}, via?: 'tsx') {
  const child = spawn(...centralCommand(args, via), {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdin.end(input ?? '');
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done, output: () => ({ stdout, stderr }) };
}

async function until(check: () => boolean, ms = 30_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(backends)('the central command ($name)', (backend) => {
  let store: Awaited<ReturnType<typeof backend.fresh>>;
  let env: NodeJS.ProcessEnv;
  let dataArgs: string[];
  let serving: ChildProcess | undefined;

  beforeAll(async () => {
    store = await backend.fresh();
    // A copy of the run's migrated PGlite folder: made from nothing, the first command's initdb and
    // migrations in WebAssembly took 15 s or more (migrations.test.ts starts from empty stores).
    if (store.options.dataDir) await placeMigratedPgliteDir(store.options.dataDir);
    env = store.options.databaseUrl ? { DATABASE_URL: store.options.databaseUrl } : {};
    dataArgs = store.options.dataDir ? ['--data', store.options.dataDir] : [];
  });
  afterAll(async () => {
    serving?.kill('SIGKILL');
    await store.dispose();
  });

  it('user add: reads the password on stdin, answers in French, exit codes 0 / 1 / 2', async () => {
    const userAdd = (email: string, role: string, password: string, stdin = ['--password-stdin']) =>
      central(['user', 'add', ...dataArgs, '--email', email, '--role', role, ...stdin], password, env).done;
    const ok = await userAdd('chef@lot.fr', 'admin', 'mot-de-passe-solide\n');
    expect(ok).toMatchObject({ code: 0, stdout: 'Compte créé : chef@lot.fr (admin).\n' });
    const twice = await userAdd('chef@lot.fr', 'admin', 'mot-de-passe-solide\n');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('Un compte existe déjà');
    const badRole = await userAdd('x@lot.fr', 'chef', 'mot-de-passe-solide');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('Rôle inconnu');
    expect((await userAdd('x@lot.fr', 'agent', 'court')).code).toBe(2);
    expect((await userAdd('x@lot.fr', 'agent', '', [])).code).toBe(2);
    expect((await central(['frobnicate'], '', env).done).code).toBe(2);
  });

  it('serve (through tsx, as staff run it): logs JSON without personal data, serves the account just added, stops cleanly on SIGTERM', async () => {
    const run = central(['serve', '--port', '0', ...dataArgs], undefined, env, 'tsx');
    serving = run.child;
    await until(() => /écoute sur (http:\/\/\S+) /.test(run.output().stderr));
    const url = /écoute sur (http:\/\/\S+) /.exec(run.output().stderr)?.[1] as string;
    // One process: a SIGTERM reaches the service itself. tsx's own command would run it as a child, and
    // kill it outright when it does not confirm the signal within 30 ms (exit 143 on a busy machine).
    expect(readFileSync(`/proc/${run.child.pid}/task/${run.child.pid}/children`, 'utf8').trim()).toBe('');
    const session = await client(url).login('chef@lot.fr', 'mot-de-passe-solide');
    expect(session.user.role).toBe('admin');
    await client(url).call('POST', '/auth/login', {
      body: { email: 'chef@lot.fr', password: 'faux-mot-de-passe' },
    });

    run.child.kill('SIGTERM');
    const { code, stdout, stderr } = await run.done;
    serving = undefined;
    expect(code).toBe(0);
    expect(stderr).toContain('Serveur central arrêté');
    const logs = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(logs.some((l) => l.req?.url === '/auth/login')).toBe(true);
    expect(stdout).not.toContain('chef@lot.fr');
    expect(stdout).not.toContain('mot-de-passe');
    expect(stdout).not.toContain(session.accessToken);
  });
});
