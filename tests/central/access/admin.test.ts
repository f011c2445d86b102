import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessPaths } from '../../../shared/sync/access.ts';
import { backends, startTestCentral } from '../backends.ts';
import { client } from '../client.ts';

/** The desktop's access endpoints (shared/sync/access.ts): who may call them, what they refuse, in French. */
describe.each(backends)('access administration ($name)', (backend) => {
  let server: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;
  let admin: string;
  let agent: string;
  let reader: string;

  beforeAll(async () => {
    server = await startTestCentral(backend);
    api = client(server.url);
    admin = (await api.login('admin@lot.fr', 'admin-password')).accessToken;
    agent = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    reader = (await api.login('reader@lot.fr', 'reader-password')).accessToken;
  });
  afterAll(() => server.dispose());

  const platform = {
    name: 'Cantook',
    redirectUris: ['https://cantook.example/callback'],
    sendCategory: true,
    sendAgeBand: false,
  };

  it('refuses non-admins with 403 FORBIDDEN, and anyone unauthenticated with 401', async () => {
    for (const token of [agent, reader]) {
      expect((await api.call('GET', accessPaths.platforms, { token })).status).toBe(403);
      const post = await api.call('POST', accessPaths.platforms, { token, body: platform });
      expect(post.status).toBe(403);
      expect(post.body.code).toBe('FORBIDDEN');
      expect(
        (await api.call('PUT', accessPaths.policy, { token, body: { graceDays: 10, openedEpcis: [] } })).body
          .code,
      ).toBe('FORBIDDEN');
      expect((await api.call('DELETE', accessPaths.platform('x'), { token })).status).toBe(403);
    }
    expect((await api.call('GET', accessPaths.policy)).body.code).toBe('UNAUTHENTICATED');
    expect((await api.call('GET', accessPaths.activity)).body.code).toBe('UNAUTHENTICATED');
  });

  it('shows the secret once: the registration answer has it, the list never does', async () => {
    const added = await api.call('POST', accessPaths.platforms, { token: admin, body: platform });
    expect(added.status).toBe(201);
    expect(added.headers.get('cache-control')).toBe('no-store');
    expect(added.body).toMatchObject({ ...platform, createdBy: 'admin@lot.fr' });
    expect(String(added.body.clientSecret)).toMatch(/^[\w-]{43}$/);
    const listed = await api.call<{ platforms: Record<string, unknown>[] }>('GET', accessPaths.platforms, {
      token: admin,
    });
    expect(listed.body.platforms).toHaveLength(1);
    expect(listed.body.platforms[0]).toEqual({
      clientId: added.body.clientId,
      name: 'Cantook',
      redirectUris: platform.redirectUris,
      sendCategory: true,
      sendAgeBand: false,
      createdAt: added.body.createdAt,
      createdBy: 'admin@lot.fr',
      saml: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(String(added.body.clientSecret));

    const removed = await api.call('DELETE', accessPaths.platform(String(added.body.clientId)), {
      token: admin,
    });
    expect(removed.status).toBe(204);
    expect((await api.call('GET', accessPaths.platforms, { token: admin })).body.platforms).toEqual([]);
    const again = await api.call('DELETE', accessPaths.platform(String(added.body.clientId)), {
      token: admin,
    });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('PLATFORM_NOT_FOUND');
  });

  it('refuses bad input in French with a stable code', async () => {
    const cases: unknown[] = [
      { ...platform, name: '' },
      { ...platform, redirectUris: [] },
      { ...platform, redirectUris: ['http://cantook.example/callback'] },
      { ...platform, extra: 1 },
      'pas du JSON',
    ];
    for (const body of cases) {
      const answer = await api.call('POST', accessPaths.platforms, { token: admin, body });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('INVALID_INPUT');
      expect(String(answer.body.message)).toMatch(/^Requête invalide/);
    }
    const http = await api.call('POST', accessPaths.platforms, {
      token: admin,
      body: { ...platform, redirectUris: ['http://cantook.example/callback'] },
    });
    expect(http.body.message).toContain('Adresse de retour invalide');
    const grace = await api.call('PUT', accessPaths.policy, {
      token: admin,
      body: { graceDays: 400, openedEpcis: [] },
    });
    expect(grace.body).toMatchObject({ code: 'INVALID_INPUT' });
    expect(grace.body.message).toContain('Le délai de grâce va de 0 à 365 jours.');
    const year = await api.call('GET', `${accessPaths.activity}?year=deux-mille`, { token: reader });
    expect(year.body).toMatchObject({ code: 'INVALID_INPUT' });
    expect(year.body.message).toContain('L’année doit être un nombre');
  });

  it('keeps the policy: the default until an administrator sets it, readable by any account', async () => {
    expect((await api.call('GET', accessPaths.policy, { token: reader })).body).toEqual({
      graceDays: 30,
      openedEpcis: [],
    });
    const set = await api.call('PUT', accessPaths.policy, {
      token: admin,
      body: { graceDays: 15, openedEpcis: ['200066157', '200066157'] },
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ graceDays: 15, openedEpcis: ['200066157'] });
    expect((await api.call('GET', accessPaths.policy, { token: agent })).body).toEqual(set.body);
  });

  it('counts nothing before any sign-in', async () => {
    const answer = await api.call('GET', `${accessPaths.activity}?year=2026`, { token: reader });
    expect(answer.body).toEqual({ year: 2026, active: 0, libraries: [], platforms: [], months: [] });
  });
});
