import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairwiseSubject } from '../../../central/access/claims.ts';
import { loadOidcKeys } from '../../../central/access/oidc-keys.ts';
import { defaultKeyFile } from '../../../central/app.ts';
import { accessPaths, type RegisteredPlatform } from '../../../shared/sync/access.ts';
import { backends, startTestCentral } from '../backends.ts';
import { client } from '../client.ts';

/** The provider as a platform's administrator meets it: discovery, refusals, keys kept across restarts. */
describe.each(backends)('the OpenID Connect provider ($name)', (backend) => {
  let central: Awaited<ReturnType<typeof startTestCentral>>;
  let platform: RegisteredPlatform;

  beforeAll(async () => {
    central = await startTestCentral(backend);
    const api = client(central.url);
    const admin = (await api.login('admin@lot.fr', 'admin-password')).accessToken;
    platform = (
      await api.call<RegisteredPlatform>('POST', accessPaths.platforms, {
        token: admin,
        body: { name: 'Cantook', redirectUris: ['https://cantook.example/retour'] },
      })
    ).body;
  });
  afterAll(() => central.dispose());

  it('publishes what a platform needs, and only code + PKCE with pairwise subjects', async () => {
    const response = await fetch(`${central.url}/oidc/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = await response.json();
    expect(discovery).toMatchObject({
      issuer: `${central.url}/oidc`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['ES256'],
      scopes_supported: ['openid', 'mednum'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    const health = await (await fetch(`${central.url}/health`)).json();
    expect(health.oidc).toEqual({ status: 'ok', issuer: `${central.url}/oidc` });
  });

  const authorize = (params: Record<string, string>) =>
    fetch(
      `${central.url}/oidc/auth?${new URLSearchParams({ scope: 'openid mednum', response_type: 'code', ...params })}`,
      {
        redirect: 'manual',
      },
    );

  it('answers an unknown platform with a French page under a strict policy', async () => {
    const response = await authorize({ client_id: 'inconnue', redirect_uri: 'https://x.example/r' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('La connexion n’a pas pu aboutir');
    expect(html).toContain('Code pour l’assistance : invalid_client.');
  });

  it('refuses an authorization without PKCE, back to the platform', async () => {
    const response = await authorize({
      client_id: platform.clientId,
      redirect_uri: platform.redirectUris[0] as string,
      state: 's',
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin).toBe('https://cantook.example');
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('sends a browser to the French login page when the request is right', async () => {
    const response = await authorize({
      client_id: platform.clientId,
      redirect_uri: platform.redirectUris[0] as string,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 's',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
  });

  it.runIf(backend.name === 'pglite')(
    'keeps its signing, cookie and pairwise keys in a 0600 file across restarts',
    async () => {
      const jwks = async () => (await (await fetch(`${central.url}/oidc/jwks`)).json()).keys;
      const before = await jwks();
      await central.restart();
      expect(await jwks()).toEqual(before);
      const file = defaultKeyFile(central.options.dataDir as string).replace(/\.json$/, '.oidc.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const keys = loadOidcKeys(file);
      expect(keys.signing[0]?.kid).toBe(before[0].kid);
      // The same patron, the same subject at one platform after a restart; another at another platform.
      const a = pairwiseSubject(keys.pairwiseKey, 'patron-1', platform.clientId);
      expect(pairwiseSubject(loadOidcKeys(file).pairwiseKey, 'patron-1', platform.clientId)).toBe(a);
      expect(pairwiseSubject(keys.pairwiseKey, 'patron-1', 'another')).not.toBe(a);
    },
  );
});
