import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openContext } from '../../central/app.ts';
import { runCentralCli } from '../../central/cli.ts';
import { parseTrustProxy } from '../../central/http/trust-proxy.ts';
import { backends, startTestCentral } from './backends.ts';
import { client, grandFigeac, mutation } from './client.ts';

describe('--trust-proxy', () => {
  it('takes addresses, networks or a hop count, and refuses anything else in French', () => {
    expect(parseTrustProxy('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(parseTrustProxy('10.0.0.0/8, ::1')).toEqual(['10.0.0.0/8', '::1']);
    expect(parseTrustProxy('1')).toBe(1);
    for (const bad of ['true', 'tous', '10.0.0.0/33', '0', '300.1.1.1', '127.0.0.1/8/1'])
      expect(() => parseTrustProxy(bad)).toThrow(/--trust-proxy/);
  });

  it('serve refuses a bare --trust-proxy, « true » or a bad address with exit code 2, saying why', async () => {
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const args of [
        ['--trust-proxy'],
        ['--trust-proxy', '--port', '8787'],
        ['--trust-proxy', 'true'],
      ]) {
        said.mockClear();
        expect(await runCentralCli(['serve', ...args])).toBe(2);
        expect(String(said.mock.calls[0]?.[0])).toMatch(/n’importe quel client choisir l’adresse/);
      }
      said.mockClear();
      expect(await runCentralCli(['serve', '--trust-proxy', '10.0.0.0/40'])).toBe(2);
      expect(String(said.mock.calls[0]?.[0])).toContain(
        '« 10.0.0.0/40 » n’est ni une adresse IP ni un réseau',
      );
    } finally {
      said.mockRestore();
    }
  });
});

describe.each(backends)('accounts under attack ($name)', (backend) => {
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;
  const login = (email: string, password: string) =>
    api.call('POST', '/auth/login', { body: { email, password } });

  beforeAll(async () => {
    // The clock stands still: only an unlock lets the owner in before the delay has passed. It stands at
    // the start's real time, so the CLI's unlock (which reads the real clock) comes after the failures.
    const frozen = new Date();
    server = await startTestCentral(backend, { now: () => frozen });
    api = client(server.url);
  });
  afterAll(() => server.dispose());

  async function auditCounts(email: string): Promise<Record<string, number>> {
    await server.close();
    const { ctx, database } = await openContext(server.options);
    try {
      const rows = await ctx.db
        .selectFrom('auth_audit')
        .select(['event', (eb) => eb.fn.countAll<number>().as('n')])
        .where('email', '=', email)
        .where('event', 'in', ['login_attempt', 'login_failed', 'login_ok'])
        .groupBy('event')
        .execute();
      return Object.fromEntries(rows.map((row) => [row.event, Number(row.n)]));
    } finally {
      await database.close();
      await server.restart();
    }
  }

  it('100 guesses sent at once: 3 passwords checked, the other 97 told to wait', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login('agent2@lot.fr', `devinette-${i}`)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(97);
    expect(await auditCounts('agent2@lot.fr')).toEqual({ login_failed: 3 });
  });

  it('an administrator unlocks the account: its owner gets in at once', async () => {
    expect((await login('agent2@lot.fr', 'agent2-password')).status).toBe(429);
    const admin = await api.login('admin@lot.fr', 'admin-password');
    const users = await api.call<{ users: { id: string; email: string }[] }>('GET', '/admin/users', {
      token: admin.accessToken,
    });
    const id = users.body.users.find((u) => u.email === 'agent2@lot.fr')?.id;
    const agent = await api.login('agent@lot.fr', 'agent-password');
    expect((await api.call('POST', `/admin/users/${id}/unlock`, { token: agent.accessToken })).status).toBe(
      403,
    );
    expect((await api.call('POST', `/admin/users/${id}/unlock`, { token: admin.accessToken })).status).toBe(
      200,
    );
    expect((await login('agent2@lot.fr', 'agent2-password')).status).toBe(200);
  });

  it('« user unlock » on the command line lets a slowed-down owner in at once (audited « unlocked »)', async () => {
    for (let i = 0; i < 3; i++) await login('reader@lot.fr', `devinette-${i}`);
    expect((await login('reader@lot.fr', 'reader-password')).status).toBe(429);
    await server.close();
    const keys = mkdtempSync(path.join(os.tmpdir(), 'mednum-unlock-'));
    const previousUrl = process.env.DATABASE_URL;
    if (server.options.databaseUrl) process.env.DATABASE_URL = server.options.databaseUrl;
    const said = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const where = server.options.dataDir ? ['--data', server.options.dataDir] : [];
      const args = ['user', 'unlock', ...where, '--key-file', path.join(keys, 'k.json')];
      expect(await runCentralCli([...args, '--email', 'Reader@lot.fr'])).toBe(0);
      expect(String(said.mock.calls[0]?.[0])).toContain(
        'Tentatives de connexion effacées pour reader@lot.fr',
      );
    } finally {
      said.mockRestore();
      if (previousUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previousUrl;
      rmSync(keys, { recursive: true, force: true });
      await server.restart();
    }
    expect((await login('reader@lot.fr', 'reader-password')).status).toBe(200);
    await server.close();
    const { ctx, database } = await openContext(server.options);
    try {
      const unlocked = await ctx.db
        .selectFrom('auth_audit')
        .select('email')
        .where('event', '=', 'unlocked')
        .execute();
      expect(unlocked.map((row) => row.email)).toContain('reader@lot.fr');
    } finally {
      await database.close();
      await server.restart();
    }
  });

  it('refuses a blank password and a common one, in French (WEAK_PASSWORD)', async () => {
    const admin = await api.login('admin@lot.fr', 'admin-password');
    for (const password of ['          ', 'azertyuiop', 'Motdepasse2026!', 'motdepasse', '1234567890']) {
      const answer = await api.call('POST', '/admin/users', {
        token: admin.accessToken,
        body: { email: 'faible@lot.fr', role: 'agent', password },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('WEAK_PASSWORD');
    }
    const strong = await api.call('POST', '/admin/users', {
      token: admin.accessToken,
      body: { email: 'faible@lot.fr', role: 'agent', password: 'cheval agrafe pile correcte' },
    });
    expect(strong.status).toBe(201);
  });

  it('another account using a PC’s client id gets its own sequence, never the PC’s results', async () => {
    const agent = await api.login('agent@lot.fr', 'agent-password');
    const intruder = await api.login('agent2@lot.fr', 'agent2-password');
    const clientId = randomUUID();
    const first = mutation(1, 'contact', `c-${clientId}`, {
      epci_siren: grandFigeac,
      name: 'Mme Delmas',
      role: '',
      email: 'delmas@example.fr',
      phone: '',
    });
    expect((await api.push(agent.accessToken, clientId, [first])).body.acceptedThrough).toBe(1);
    // Replaying the PC's own mutation under its id: no stored result handed over, its own sequence starts.
    const replay = await api.push(intruder.accessToken, clientId, [first]);
    expect(replay.status).toBe(200);
    expect(replay.body.acceptedThrough).toBe(1);
    const next = mutation(2, 'contact', `c-${clientId}`, { phone: '05 65 00 00 00' }, 0);
    expect((await api.push(agent.accessToken, clientId, [next])).body.acceptedThrough).toBe(2);
  });

  it('a sequence number reused by another mutation is refused (SYNC_SEQ_REUSED), not answered with the old result', async () => {
    const agent = await api.login('agent@lot.fr', 'agent-password');
    const clientId = randomUUID();
    const original = mutation(1, 'contact', `d-${clientId}`, {
      epci_siren: grandFigeac,
      name: 'M. Bessières',
      role: '',
      email: '',
      phone: '',
    });
    await api.push(agent.accessToken, clientId, [original]);
    const impostor = { ...original, mutationId: randomUUID(), patch: { ...original.patch, name: 'Autre' } };
    const answer = await api.push(agent.accessToken, clientId, [impostor]);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'SYNC_SEQ_REUSED' });
    expect((await api.push(agent.accessToken, clientId, [original])).status).toBe(200);
  });
});

describe.each(backends)('an office behind one proxy ($name)', (backend) => {
  let clock = Date.parse('2026-12-03T08:00:00Z');
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  beforeAll(async () => {
    // One proxy in front (a hop count): the address it saw is believed, whatever the client wrote before it.
    server = await startTestCentral(backend, { trustProxy: 1, now: () => new Date(clock) });
  });
  afterAll(() => server.dispose());

  const from = (forwardedFor: string, email: string, password: string) =>
    client(server.url).call('POST', '/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': forwardedFor },
    });

  it('a hop count believes the proxy’s own entry only, not what the client wrote before it', async () => {
    expect((await from('203.0.113.5, 192.0.2.20', 'inconnu@lot.fr', 'mauvais')).status).toBe(401);
    await server.close();
    const { ctx, database } = await openContext(server.options);
    try {
      const rows = await ctx.db
        .selectFrom('auth_audit')
        .select('ip')
        .where('email', '=', 'inconnu@lot.fr')
        .execute();
      expect(rows.map((row) => row.ip)).toEqual(['192.0.2.20']);
    } finally {
      await database.close();
      await server.restart();
    }
  });

  it('25 failures from the office’s address on other e-mails: the admin still gets in at once, a newcomer waits a second', async () => {
    const office = '192.0.2.50';
    clock += 60 * 60_000;
    expect((await from(office, 'admin@lot.fr', 'admin-password')).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await from(office, `faute${i}@lot.fr`, 'mauvais')).status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    expect((await from(office, 'admin@lot.fr', 'admin-password')).status).toBe(200);
    // Never used from this address: slowed, not locked out.
    const newcomer = await from(office, 'agent2@lot.fr', 'agent2-password');
    expect(newcomer.status).toBe(429);
    expect(newcomer.headers.get('retry-after')).toBe('1');
    clock += 1000;
    expect((await from(office, 'agent2@lot.fr', 'agent2-password')).status).toBe(200);
  });
});
