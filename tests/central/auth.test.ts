import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../../central/app.ts';
import { type Session, SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import { backends, startTestCentral } from './backends.ts';
import { client } from './client.ts';

describe.each(backends)('accounts and sessions ($name)', (backend) => {
  let clock = Date.parse('2026-11-25T09:00:00Z');
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    server = await startTestCentral(backend, { now: () => new Date(clock) });
    api = client(server.url);
  });
  afterAll(() => server.dispose());

  async function auditEvents(): Promise<{ event: string; email: string | null }[]> {
    await server.close();
    const { ctx, database } = await openContext(server.options);
    try {
      return await ctx.db.selectFrom('auth_audit').select(['event', 'email']).orderBy('id').execute();
    } finally {
      await database.close();
      await server.restart();
    }
  }

  it('logs in (e-mail case-insensitive) with a 15-minute access token and a refresh token', async () => {
    const session = await api.login('Agent@Lot.fr', 'agent-password');
    expect(session.user).toMatchObject({ email: 'agent@lot.fr', role: 'agent' });
    expect(Date.parse(session.accessExpiresAt) - clock).toBe(15 * 60_000);
    expect(session.refreshToken.length).toBeGreaterThanOrEqual(43);
    const me = await api.call('GET', '/auth/me', { token: session.accessToken });
    expect(me.body).toMatchObject({ email: 'agent@lot.fr', role: 'agent' });
  });

  it('refuses a wrong password or an unknown e-mail with the same French message', async () => {
    const wrong = await api.call('POST', '/auth/login', {
      body: { email: 'agent@lot.fr', password: 'nope' },
    });
    const unknown = await api.call('POST', '/auth/login', {
      body: { email: 'nobody@lot.fr', password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({
      code: 'BAD_CREDENTIALS',
      message: 'Adresse e-mail ou mot de passe incorrect.',
    });
  });

  it('expires access tokens and refuses forged ones', async () => {
    const session = await api.login('agent@lot.fr', 'agent-password');
    const forged = `${session.accessToken.split('.')[0]}.AAAA`;
    expect((await api.call('GET', '/auth/me', { token: forged })).status).toBe(401);
    clock += 16 * 60_000;
    const expired = await api.call('GET', '/sync/pull', { token: session.accessToken });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('UNAUTHENTICATED');
  });

  it('rotates refresh tokens; reusing a rotated one revokes the whole family', async () => {
    const first = await api.login('agent@lot.fr', 'agent-password');
    const second = await api.call<Session>('POST', '/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const third = await api.call<Session>('POST', '/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(third.status).toBe(200);

    const reuse = await api.call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('SESSION_EXPIRED');
    // The legitimate holder's newest token died with the family.
    const after = await api.call('POST', '/auth/refresh', {
      body: { refreshToken: third.body.refreshToken },
    });
    expect(after.status).toBe(401);
  });

  it('a refresh whose answer was lost may be retried once within a minute; later, or after use, it is reuse', async () => {
    const first = await api.login('agent@lot.fr', 'agent-password');
    // The server rotated `first`, but its answer never reached the desktop.
    const lost = await api.call<Session>('POST', '/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    });
    expect(lost.status).toBe(200);
    clock += 20_000;
    const retried = await api.call<Session>('POST', '/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    });
    expect(retried.status).toBe(200);
    // The token that never arrived is dead; the retried one lives on.
    const ghost = await api.call('POST', '/auth/refresh', { body: { refreshToken: lost.body.refreshToken } });
    expect(ghost.status).toBe(401);
    // A minute later, presenting `first` again is reuse: the whole family goes.
    clock += 61_000;
    const late = await api.call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(late.status).toBe(401);
    const after = await api.call('POST', '/auth/refresh', {
      body: { refreshToken: retried.body.refreshToken },
    });
    expect(after.status).toBe(401);
  });

  it('logs out: the refresh token stops working', async () => {
    const session = await api.login('agent@lot.fr', 'agent-password');
    expect(
      (await api.call('POST', '/auth/logout', { body: { refreshToken: session.refreshToken } })).status,
    ).toBe(204);
    const refreshed = await api.call('POST', '/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(refreshed.status).toBe(401);
  });

  it('slows an account down after 3 failures (1 s, then 2, 4…), in French with Retry-After; the right password gets in once it has waited', async () => {
    const email = 'reader@lot.fr';
    for (let i = 0; i < 3; i++)
      expect(
        (await api.call('POST', '/auth/login', { body: { email, password: `wrong-${i}` } })).status,
      ).toBe(401);
    const limited = await api.call('POST', '/auth/login', { body: { email, password: 'reader-password' } });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      code: 'RATE_LIMITED',
      message: 'Trop de tentatives de connexion : réessayez dans 1 seconde.',
      retryAfterSeconds: 1,
    });
    expect(limited.headers.get('retry-after')).toBe('1');
    clock += 1500;
    expect((await api.call('POST', '/auth/login', { body: { email, password: 'wrong-3' } })).status).toBe(
      401,
    );
    const longer = await api.call('POST', '/auth/login', { body: { email, password: 'reader-password' } });
    expect(longer.body.retryAfterSeconds).toBe(2);
    clock += 2500;
    expect(
      (await api.call('POST', '/auth/login', { body: { email, password: 'reader-password' } })).status,
    ).toBe(200);
  });

  it('slows an address after 10 failures across e-mails, not an account already used from it; it survives a restart', async () => {
    clock += 60 * 60_000;
    await api.login('admin@lot.fr', 'admin-password');
    for (let i = 0; i < 12; i++) {
      await api.call('POST', '/auth/login', { body: { email: `x${i}@lot.fr`, password: 'wrong' } });
      clock += 61_000;
    }
    clock -= 61_000;
    await server.restart();
    const stranger = await api.call('POST', '/auth/login', {
      body: { email: 'agent2@lot.fr', password: 'agent2-password' },
    });
    expect(stranger.status).toBe(429);
    const known = await api.call('POST', '/auth/login', {
      body: { email: 'admin@lot.fr', password: 'admin-password' },
    });
    expect(known.status).toBe(200);
    clock += 16 * 60_000;
  });

  it('lets only an admin list, add and disable accounts; a disabled account is locked out at once', async () => {
    const admin = await api.login('admin@lot.fr', 'admin-password');
    const agent = await api.login('agent@lot.fr', 'agent-password');
    expect((await api.call('GET', '/admin/users', { token: agent.accessToken })).status).toBe(403);

    const added = await api.call<{ id: string }>('POST', '/admin/users', {
      token: admin.accessToken,
      body: { email: 'nouvel.agent@lot.fr', role: 'agent', password: 'un-mot-de-passe' },
    });
    expect(added.status).toBe(201);
    const again = await api.call('POST', '/admin/users', {
      token: admin.accessToken,
      body: { email: 'nouvel.agent@lot.fr', role: 'agent', password: 'un-mot-de-passe' },
    });
    expect(again.status).toBe(409);
    const short = await api.call('POST', '/admin/users', {
      token: admin.accessToken,
      body: { email: 'court@lot.fr', role: 'agent', password: 'court' },
    });
    expect(short.body.code).toBe('WEAK_PASSWORD');

    const list = await api.call<{ users: { email: string; role: string }[] }>('GET', '/admin/users', {
      token: admin.accessToken,
    });
    expect(list.body.users.map((u) => u.email)).toContain('nouvel.agent@lot.fr');
    expect(JSON.stringify(list.body)).not.toContain('argon2');

    const session = await api.login('nouvel.agent@lot.fr', 'un-mot-de-passe');
    const disabled = await api.call('POST', `/admin/users/${added.body.id}/disable`, {
      token: admin.accessToken,
    });
    expect(disabled.body.disabledAt).toBeTruthy();
    expect((await api.call('GET', '/auth/me', { token: session.accessToken })).status).toBe(401);
    expect(
      (await api.call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status,
    ).toBe(401);
    const relogin = await api.call('POST', '/auth/login', {
      body: { email: 'nouvel.agent@lot.fr', password: 'un-mot-de-passe' },
    });
    expect(relogin.status).toBe(401);
  });

  it('stores passwords as argon2id and audits every auth event, without passwords', async () => {
    await server.close();
    const { ctx, database } = await openContext(server.options);
    const hashes = await ctx.db.selectFrom('app_user').select('password_hash').execute();
    await database.close();
    await server.restart();
    expect(hashes.every((h) => h.password_hash.startsWith('$argon2id$'))).toBe(true);
    const events = await auditEvents();
    const kinds = new Set(events.map((e) => e.event));
    for (const kind of [
      'user_added',
      'login_ok',
      'login_failed',
      'refresh',
      'refresh_reuse',
      'logout',
      'rate_limited',
      'user_disabled',
    ])
      expect(kinds).toContain(kind);
    expect(JSON.stringify(events)).not.toContain('password');
  });
});

describe.each(backends)('versions and inputs ($name)', (backend) => {
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  beforeAll(async () => {
    server = await startTestCentral(backend);
  });
  afterAll(() => server.dispose());

  const tooOld = {
    code: 'CLIENT_TOO_OLD',
    message:
      'Cette version de mednum-admin est trop ancienne pour le serveur : mettez-la à jour. Vos modifications en attente sont conservées.',
  };

  it('answers 426 CLIENT_TOO_OLD to a request without versions or with an older one', async () => {
    const bare = await fetch(`${server.url}/sync/pull?cursor=0`);
    expect(bare.status).toBe(426);
    expect(await bare.json()).toEqual(tooOld);
    const old = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mednum-protocol': '0', 'x-mednum-schema': '1' },
      body: JSON.stringify({ email: 'agent@lot.fr', password: 'agent-password' }),
    });
    expect(old.status).toBe(426);
    const newer = await fetch(`${server.url}/sync/pull`, {
      headers: { 'x-mednum-protocol': '99', 'x-mednum-schema': String(SYNC_SCHEMA_VERSION) },
    });
    expect((await newer.json()).code).toBe('SERVER_TOO_OLD');
  });

  it('answers 400 INVALID_INPUT in French to a malformed body, 404 to an unknown path', async () => {
    const api = client(server.url);
    const token = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    const bad = await api.call('POST', '/sync/push', {
      token,
      body: { clientId: 'pas-un-uuid', mutations: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_INPUT');
    expect(String(bad.body.message)).toMatch(/^Requête invalide/);
    const broken = await fetch(`${server.url}/sync/push`, {
      method: 'POST',
      headers: { ...api.versions, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).code).toBe('INVALID_INPUT');
    expect((await api.call('GET', '/nowhere')).body.code).toBe('NOT_FOUND');
  });
});

describe.each(backends)('behind a reverse proxy ($name)', (backend) => {
  let trusted: Awaited<ReturnType<typeof startTestCentral>>;
  let direct: Awaited<ReturnType<typeof startTestCentral>>;
  beforeAll(async () => {
    // The test's requests come from 127.0.0.1: the first server trusts that proxy, the second another one.
    trusted = await startTestCentral(backend, { trustProxy: ['127.0.0.1'] });
    direct = await startTestCentral(backend, { trustProxy: ['10.0.0.1'] });
  });
  afterAll(async () => {
    await trusted.dispose();
    await direct.dispose();
  });

  const from = (server: { url: string }, ip: string, email: string, password: string) =>
    client(server.url).call('POST', '/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': ip },
    });

  it('counts failures per forwarded client address when the proxy is trusted', async () => {
    for (let i = 0; i < 11; i++) await from(trusted, '192.0.2.10', `x${i}@lot.fr`, 'wrong');
    expect((await from(trusted, '192.0.2.10', 'agent@lot.fr', 'agent-password')).status).toBe(429);
    expect((await from(trusted, '192.0.2.11', 'agent@lot.fr', 'agent-password')).status).toBe(200);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy: no escaping the throttle', async () => {
    for (let i = 0; i < 11; i++) await from(direct, `198.51.100.${i}`, `y${i}@lot.fr`, 'wrong');
    // Every attempt counted against the socket's address, whatever the header said.
    expect((await from(direct, '203.0.113.99', 'agent@lot.fr', 'agent-password')).status).toBe(429);
    await direct.close();
    const { ctx, database } = await openContext(direct.options);
    try {
      const ips = await ctx.db
        .selectFrom('auth_audit')
        .select('ip')
        .distinct()
        .where('event', 'in', ['login_failed', 'rate_limited'])
        .execute();
      expect(ips.map((row) => row.ip)).toEqual(['127.0.0.1']);
    } finally {
      await database.close();
      await direct.restart();
    }
  });
});
