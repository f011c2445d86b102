import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthInFrance } from '../../../central/access/calendar.ts';
import { openDatabase } from '../../../central/store/database.ts';
import { accessPaths, type RegisteredPlatform } from '../../../shared/sync/access.ts';
import { seriousAxeFindings } from '../../helpers/axe.ts';
import { launchChromium } from '../../helpers/browser.ts';
import { forbiddenWordsIn } from '../../helpers/forbidden-words.ts';
import { backends, startTestCentral } from '../backends.ts';
import { client } from '../client.ts';
import { commitPatronSet } from '../patrons.ts';
import { cahorsEpci, figeacEpci, type SeededPatron, seedDepartement } from './seed.ts';

/**
 * Issue 17's end-to-end proof: a real OpenID Connect client library (openid-client) as the platform, the
 * French login page driven in real Chromium, the central service on PGlite and on PostgreSQL.
 */

/** The platforms' side: an HTTP server whose callback page only says it was reached. */
async function platformServer(): Promise<{ server: Server; base: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!DOCTYPE html><html lang="fr"><title>Plateforme</title><p>Bienvenue</p></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.each(backends)('patron sign-in for the platforms ($name)', (backend) => {
  let central: Awaited<ReturnType<typeof startTestCentral>>;
  let api: ReturnType<typeof client>;
  let admin: string;
  let reader: string;
  let agent: string;
  let browser: Browser;
  let platform: Awaited<ReturnType<typeof platformServer>>;
  let seeded: Awaited<ReturnType<typeof seedDepartement>>;
  let cantook: RegisteredPlatform;
  let apprendre: RegisteredPlatform;
  /** What the test saw succeed, to count active patrons independently of the service. */
  const signIns: { patronId: string; clientId: string; libraryId: string }[] = [];

  beforeAll(async () => {
    central = await startTestCentral(backend);
    api = client(central.url);
    admin = (await api.login('admin@lot.fr', 'admin-password')).accessToken;
    reader = (await api.login('reader@lot.fr', 'reader-password')).accessToken;
    agent = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    seeded = await seedDepartement(central.url, api, agent);
    platform = await platformServer();
    const register = async (name: string, path: string, extra: Record<string, boolean>) => {
      const answer = await api.call<RegisteredPlatform>('POST', accessPaths.platforms, {
        token: admin,
        body: { name, redirectUris: [`${platform.base}${path}`], ...extra },
      });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      return answer.body;
    };
    cantook = await register('Cantook', '/cantook/retour', { sendCategory: true });
    apprendre = await register('Tout apprendre', '/apprendre/retour', { sendAgeBand: true });
    // The run's Chromium (setup/shared-chromium.ts), each sign-in in a context of its own.
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    platform?.server.close();
    await central?.dispose();
  });

  /** The platform's configuration, from discovery, as a platform builds it. */
  async function configOf(registered: RegisteredPlatform, auth: 'basic' | 'post') {
    return oidc.discovery(
      new URL(`${central.url}/oidc`),
      registered.clientId,
      { id_token_signed_response_alg: 'ES256' },
      auth === 'basic'
        ? oidc.ClientSecretBasic(registered.clientSecret)
        : oidc.ClientSecretPost(registered.clientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
  }

  /** A platform sends the browser to sign in; returns the page at the login form and what to finish with. */
  async function startSignIn(registered: RegisteredPlatform, page?: Page) {
    const config = await configOf(registered, registered === cantook ? 'basic' : 'post');
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: registered.redirectUris[0] as string,
      scope: 'openid mednum',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const tab = page ?? (await (await browser.newContext()).newPage());
    await tab.goto(url.href);
    return { config, verifier, state, nonce, page: tab };
  }

  async function fillAndSubmit(
    page: Page,
    who: Pick<SeededPatron, 'libraryId' | 'cardNumber' | 'birthDate'>,
  ) {
    await page.getByLabel('Votre bibliothèque').selectOption(who.libraryId);
    await page.getByLabel('Numéro de votre carte').fill(who.cardNumber);
    await page.getByLabel('Votre date de naissance').fill(who.birthDate);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForLoadState('load');
  }

  /** Signs `who` in at `registered` and finishes as the platform does: code for tokens, then userinfo. */
  async function signInAt(registered: RegisteredPlatform, who: SeededPatron, page?: Page) {
    const started = await startSignIn(registered, page);
    await fillAndSubmit(started.page, who);
    await started.page.waitForURL((url) => url.href.startsWith(registered.redirectUris[0] as string));
    const tokens = await oidc.authorizationCodeGrant(started.config, new URL(started.page.url()), {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: started.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('no ID token');
    const userinfo = await oidc.fetchUserInfo(started.config, tokens.access_token, idToken.sub);
    signIns.push({ patronId: who.id, clientId: registered.clientId, libraryId: who.libraryId });
    return { idToken, userinfo, page: started.page };
  }

  const summaryOf = async (page: Page) => (await page.locator('.summary').textContent()) ?? '';

  it('signs an eligible patron in with code + PKCE: ID token and userinfo verified, claims limited', async () => {
    const { idToken, userinfo, page } = await signInAt(cantook, seeded.patrons.alice);
    expect(idToken.iss).toBe(`${central.url}/oidc`);
    expect(idToken.aud).toBe(cantook.clientId);
    expect(idToken.sub).toMatch(/^[\w-]{43}$/);
    // Nothing names the patron: no card number, no registry id, no birth date.
    const everything = JSON.stringify({ idToken, userinfo });
    for (const secret of [seeded.patrons.alice.id, seeded.patrons.alice.cardNumber, '1987'])
      expect(everything).not.toContain(secret);
    const expected = {
      sub: idToken.sub,
      eligible: true,
      library: {
        id: seeded.libraries.figeac,
        code: seeded.libraries.figeac.toUpperCase(),
        name: 'Médiathèque de Figeac',
      },
      epci: figeacEpci,
      category: 'adulte',
    };
    expect(userinfo).toEqual(expected);
    expect(idToken).toMatchObject(expected);
    expect(idToken).not.toHaveProperty('age_band');
    await page.context().close();
  });

  it('gives the same patron a different subject at each platform, the same at each return', async () => {
    const atCantook = await signInAt(cantook, seeded.patrons.gina);
    const atApprendre = await signInAt(apprendre, seeded.patrons.gina);
    const again = await signInAt(cantook, seeded.patrons.gina);
    expect(atCantook.idToken.sub).not.toBe(atApprendre.idToken.sub);
    expect(again.idToken.sub).toBe(atCantook.idToken.sub);
    // Each platform gets what it was registered for: Cantook the category, Tout apprendre the age band.
    expect(atCantook.userinfo).toMatchObject({ category: 'jeunesse' });
    expect(atCantook.userinfo).not.toHaveProperty('age_band');
    expect(atApprendre.userinfo).toMatchObject({ age_band: '0-14' });
    expect(atApprendre.userinfo).not.toHaveProperty('category');
    for (const done of [atCantook, atApprendre, again]) await done.page.context().close();
  });

  it('asks for the card again in the same browser: no single sign-on on shared computers', async () => {
    const first = await signInAt(apprendre, seeded.patrons.alice);
    const second = await startSignIn(apprendre, first.page);
    expect(await second.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Connexion à Tout apprendre',
    );
    await first.page.context().close();
  });

  it('re-checks eligibility at the code exchange: a patron purged meanwhile gets no tokens', async () => {
    const started = await startSignIn(cantook);
    await fillAndSubmit(started.page, seeded.patrons.hugo);
    await started.page.waitForURL((url) => url.href.startsWith(cantook.redirectUris[0] as string));
    await commitPatronSet(central.url, agent, { kind: 'purge' }, [], [seeded.patrons.hugo.id]);
    await expect(
      oidc.authorizationCodeGrant(started.config, new URL(started.page.url()), {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
        expectedNonce: started.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    // The authorization itself succeeded: it counts, and the purge's retention removes it later.
    signIns.push({
      patronId: seeded.patrons.hugo.id,
      clientId: cantook.clientId,
      libraryId: seeded.libraries.figeac,
    });
    await started.page.context().close();
  });

  it('shows an accessible French login page, with a strict policy and nothing forbidden', async () => {
    const { page } = await startSignIn(cantook);
    const response = await page.reload();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.getByLabel('Votre bibliothèque').locator('option').allInnerTexts()).toEqual([
      'Choisissez votre bibliothèque',
      'Médiathèque de Cahors (Cahors)',
      'Médiathèque de Figeac (Figeac)',
    ]);
    expect(await seriousAxeFindings(page)).toEqual([]);
    // Empty form: the summary lists each field and takes the focus.
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForLoadState('load');
    // `autofocus` is applied at a rendering update after `load`: polled, not read once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('summary');
    expect(await summaryOf(page)).toContain('Choisissez votre bibliothèque dans la liste.');
    await fillAndSubmit(page, { ...seeded.patrons.alice, birthDate: '31/02/1987' });
    expect(await summaryOf(page)).toContain('sous la forme JJ/MM/AAAA');
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(forbiddenWordsIn([(await page.locator('body').textContent()) ?? ''])).toEqual([]);
    await page.context().close();
  });

  it('says the same for a wrong birth date, an unknown card and a purged patron', async () => {
    const messages: string[] = [];
    for (const who of [
      { ...seeded.patrons.alice, birthDate: '06/03/1987' },
      { ...seeded.patrons.alice, cardNumber: 'C9999999' },
      seeded.patrons.dave,
    ]) {
      const { page } = await startSignIn(cantook);
      await fillAndSubmit(page, who);
      messages.push(await summaryOf(page));
      // The date typed is not sent back; the card and library are kept for a correction.
      expect(await page.getByLabel('Votre date de naissance').inputValue()).toBe('');
      await page.context().close();
    }
    expect(messages[0]).toContain('ne correspondent pas');
    expect(new Set(messages).size).toBe(1);
  });

  it('refuses ineligible patrons with a French page giving the reason', async () => {
    const cases: [SeededPatron, RegExp][] = [
      [seeded.patrons.bob, /Votre abonnement a pris fin le 30\/06\/2025/],
      [seeded.patrons.carol, new RegExp(`${cahorsEpci.name} n’a pas de convention en cours`)],
      [seeded.patrons.eve, /Votre bibliothèque doit compléter votre inscription/],
    ];
    for (const [who, reason] of cases) {
      const { page } = await startSignIn(apprendre);
      await fillAndSubmit(page, who);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toMatch(reason);
      expect(page.url()).not.toContain(platform.base);
      expect(forbiddenWordsIn([text])).toEqual([]);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.context().close();
    }
  });

  it('slows down repeated failures on one card with a French page', async () => {
    const { page } = await startSignIn(cantook);
    const frank = seeded.patrons.frank;
    const pages: string[] = [];
    for (let attempt = 0; attempt < 9 && !pages.at(-1)?.includes('Trop de tentatives'); attempt++) {
      await fillAndSubmit(page, { ...frank, birthDate: `0${(attempt % 9) + 1}/01/1961` });
      pages.push((await page.locator('main').textContent()) ?? '');
      if (pages.at(-1)?.includes('Trop de tentatives'))
        await page.getByRole('link', { name: 'Revenir à la page de connexion' }).click();
    }
    // Five failures are free; a guesser is stopped soon after.
    expect(pages.slice(0, 5).every((text) => text.includes('ne correspondent pas'))).toBe(true);
    expect(pages.at(-1)).toMatch(/Trop de tentatives.*Réessayez dans \d+ seconde/s);
    await page.context().close();
  });

  it('counts active patrons as the sign-ins the test performed, per library, platform and month', async () => {
    const month = monthInFrance(new Date());
    const year = Number(month.slice(0, 4));
    const answer = await api.call('GET', `${accessPaths.activity}?year=${year}`, { token: reader });
    expect(answer.status).toBe(200);
    const distinct = (rows: typeof signIns) => new Set(rows.map((row) => row.patronId)).size;
    const byClient = (a: { clientId: string }, b: { clientId: string }) =>
      a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0;
    const body = answer.body as { platforms: { clientId: string }[] };
    expect({ ...body, platforms: [...body.platforms].sort(byClient) }).toEqual({
      year,
      active: distinct(signIns),
      // Per library, a patron counts where the registry holds them now: the purged one at none.
      libraries: [
        {
          libraryId: seeded.libraries.figeac,
          active: distinct(signIns.filter((s) => s.patronId !== seeded.patrons.hugo.id)),
        },
      ],
      platforms: [cantook, apprendre]
        .map((p) => ({
          clientId: p.clientId,
          name: p.name,
          active: distinct(signIns.filter((s) => s.clientId === p.clientId)),
        }))
        .sort(byClient),
      months: [{ month: Number(month.slice(5, 7)), active: distinct(signIns) }],
    });
    expect(distinct(signIns)).toBe(3);
  });

  it('stores only (patron, platform, month) for each sign-in, and nothing of refused or failed ones', async () => {
    await central.close();
    const opened = await openDatabase(central.options);
    try {
      const rows = await opened.db
        .selectFrom('access_activity')
        .selectAll()
        .orderBy(['patron_id', 'client_id'])
        .execute();
      const month = monthInFrance(new Date());
      const key = (row: { patron_id: string; client_id: string }) => `${row.patron_id} ${row.client_id}`;
      const byKey = (
        a: { patron_id: string; client_id: string },
        b: { patron_id: string; client_id: string },
      ) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
      const expected = [
        ...new Set(
          signIns.map((s) => JSON.stringify({ patron_id: s.patronId, client_id: s.clientId, month })),
        ),
      ]
        .map((json) => JSON.parse(json))
        .sort(byKey);
      expect([...rows].sort(byKey)).toEqual(expected);
      // The audit names cards by a keyed hash only, never a number or a birth date.
      const audit = JSON.stringify(
        await opened.db.selectFrom('auth_audit').selectAll().where('event', 'like', 'patron_%').execute(),
      );
      for (const who of Object.values(seeded.patrons)) {
        expect(audit).not.toContain(who.cardNumber);
        expect(audit).not.toContain(who.birthDate.slice(6));
      }
      expect(audit).toContain('patron_login_ok');
      expect(audit).toContain('patron_login_failed');
      expect(audit).toContain('patron_login_refused');
    } finally {
      await opened.close();
    }
  });
});
