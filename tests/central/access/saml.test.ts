import { statSync } from 'node:fs';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthInFrance } from '../../../central/access/calendar.ts';
import type { SamlPlatform } from '../../../central/access/saml/platforms.ts';
import { accessPaths } from '../../../shared/sync/access.ts';
import { launchChromium } from '../../helpers/browser.ts';
import { backends } from '../backends.ts';
import { client } from '../client.ts';
import { attribute, centralWithPlatforms, certificateOf, persistent } from './saml-platforms.ts';
import { seedDepartement } from './seed.ts';

/**
 * Issue 17's SAML 2.0 sign-in, with an independent, well-kept SP library as the platform
 * (@node-saml/node-saml, the engine of passport-saml): its AuthnRequests (HTTP-Redirect and HTTP-POST),
 * the French login page driven over HTTP, and its validation of our signed responses — signature,
 * audience, InResponseTo, NameID. On PGlite and on PostgreSQL.
 */
describe.each(backends)('SAML 2.0 sign-in for the platforms ($name)', (backend) => {
  let central: Awaited<ReturnType<typeof centralWithPlatforms>>;
  let seeded: Awaited<ReturnType<typeof seedDepartement>>;
  let idpCert: string;
  let metadata: string;
  let reader: string;
  const url = () => central.server.url;

  const sp = (
    entityId: string,
    acsUrl: string,
    binding?: 'HTTP-POST',
    inResponseTo = ValidateInResponseTo.always,
  ) =>
    new SAML({
      entryPoint: `${url()}/saml/sso`,
      issuer: entityId,
      callbackUrl: acsUrl,
      idpCert,
      audience: entityId,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      identifierFormat: persistent,
      validateInResponseTo: inResponseTo,
      disableRequestedAuthnContext: true,
      ...(binding ? { authnRequestBinding: binding } : {}),
    });
  const spOf = (platform: SamlPlatform, binding?: 'HTTP-POST') =>
    sp(platform.entityId, platform.acsUrl, binding);

  beforeAll(async () => {
    central = await centralWithPlatforms(backend);
    const api = client(url());
    const agent = (await api.login('agent@lot.fr', 'agent-password')).accessToken;
    reader = (await api.login('reader@lot.fr', 'reader-password')).accessToken;
    seeded = await seedDepartement(url(), api, agent);
    const answer = await fetch(`${url()}/saml/metadata`);
    expect(answer.status).toBe(200);
    metadata = await answer.text();
    idpCert = certificateOf(metadata);
  }, 120_000);
  afterAll(async () => {
    await central?.dispose();
  });

  /** The login page the SP's AuthnRequest leads to (HTTP-Redirect, or HTTP-POST through its form). */
  async function loginPageFor(
    saml: SAML,
    binding: 'redirect' | 'post' = 'redirect',
    relayState = 'retour-42',
  ) {
    if (binding === 'redirect') {
      const address = await saml.getAuthorizeUrlAsync(relayState, undefined, {});
      return fetch(address, { redirect: 'manual' });
    }
    const form = await saml.getAuthorizeFormAsync(relayState, undefined);
    const request = attribute(form, 'SAMLRequest');
    return fetch(`${url()}/saml/sso`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLRequest: request ?? '', RelayState: relayState }),
    });
  }

  /** Fills the French form as a patron does; returns the answer page. */
  async function submitCard(page: string, who: { libraryId: string; cardNumber: string; birthDate: string }) {
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    if (!action) throw new Error(`no form in ${page.slice(0, 300)}`);
    const answer = await fetch(new URL(action, url()), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...who }),
      redirect: 'manual',
    });
    return {
      status: answer.status,
      html: await answer.text(),
      csp: answer.headers.get('content-security-policy'),
    };
  }

  async function signInAt(
    platform: SamlPlatform,
    who: (typeof seeded.patrons)['alice'],
    binding: 'redirect' | 'post',
  ) {
    const saml = spOf(platform, binding === 'post' ? 'HTTP-POST' : undefined);
    const start = await loginPageFor(saml, binding);
    expect(start.status).toBe(200);
    const page = await start.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain(`Connexion à ${platform.name}`);
    const done = await submitCard(page, who);
    expect(done.status).toBe(200);
    // The auto-submitting form goes to the registered ACS, and the CSP lets it go nowhere else.
    expect(done.html).toContain(`<form method="post" action="${platform.acsUrl}">`);
    expect(done.csp).toContain(`form-action ${new URL(platform.acsUrl).origin}`);
    const SAMLResponse = attribute(done.html, 'SAMLResponse') as string;
    expect(attribute(done.html, 'RelayState')).toBe('retour-42');
    return { saml, SAMLResponse };
  }

  it('goes through in Chromium: login page, then the auto-submitted form reaches the ACS (CSP allows it)', async () => {
    // The run's Chromium (setup/shared-chromium.ts): closing disconnects, in a context of its own.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      const saml = spOf(central.platforms.browser);
      await page.goto(await saml.getAuthorizeUrlAsync('retour-42', undefined, {}));
      expect(await page.locator('h1').textContent()).toBe('Connexion à Bibliothèque en ligne');
      const who = seeded.patrons.alice;
      await page.getByLabel('Votre bibliothèque').selectOption(who.libraryId);
      await page.getByLabel('Numéro de votre carte').fill(who.cardNumber);
      await page.getByLabel('Votre date de naissance').fill(who.birthDate);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(central.platforms.browser.acsUrl);
      expect(await page.locator('p').textContent()).toBe('Bienvenue');
      expect(violations).toEqual([]);
      const posted = central.browserAcs.received.at(-1) as Record<string, string>;
      expect(posted.RelayState).toBe('retour-42');
      const { profile } = await saml.validatePostResponseAsync({
        SAMLResponse: posted.SAMLResponse as string,
      });
      expect(profile?.nameID).toMatch(/^[\w-]{43}$/);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('publishes IdP metadata: entity ID, signing certificate, persistent NameID, both bindings', () => {
    expect(metadata).toContain(`entityID="${url()}/saml"`);
    expect(metadata).toContain(`<md:NameIDFormat>${persistent}</md:NameIDFormat>`);
    expect(metadata).toContain(
      `Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${url()}/saml/sso"`,
    );
    expect(metadata).toContain(
      `Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${url()}/saml/sso"`,
    );
    expect(idpCert.length).toBeGreaterThan(500);
  });

  it('keeps the signing key beside the other keys, readable by the service only', () => {
    if (!central.options.dataDir) return;
    const file = `${central.options.dataDir.replace(/[\\/]+$/, '')}.keys.saml.json`;
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('signs a patron in: the SP validates signature, audience, InResponseTo and reads a persistent NameID', async () => {
    const { saml, SAMLResponse } = await signInAt(
      central.platforms.cantook,
      seeded.patrons.alice,
      'redirect',
    );
    const xml = Buffer.from(SAMLResponse, 'base64').toString('utf8');
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    const { profile, loggedOut } = await saml.validatePostResponseAsync({ SAMLResponse });
    expect(loggedOut).toBe(false);
    expect(profile?.issuer).toBe(`${url()}/saml`);
    expect(profile?.nameIDFormat).toBe(persistent);
    expect(profile?.nameID).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only what the platform needs: eligibility, library, EPCI, and the category it was registered for.
    expect(profile?.attributes).toEqual({
      eligible: 'true',
      library: expect.any(String),
      library_name: 'Médiathèque de Figeac',
      epci: expect.stringMatching(/^\d{9}$/),
      epci_name: expect.any(String),
      category: seeded.rows.alice.category ?? undefined,
    });
    // Neither her card nor her year of birth, once the random parts are set aside: an id's 40 hex digits and
    // the signature's base64 once held « 1987 » by chance.
    const said = xml
      .replace(/"_[0-9a-f]{40}"/g, '""')
      .replace(/<(\w+:)?(SignatureValue|DigestValue|X509Certificate)>[^<]*</g, '<');
    expect(said).toContain('Médiathèque de Figeac');
    expect(said).not.toContain(seeded.patrons.alice.cardNumber);
    expect(said).not.toContain('1987');
    // The same response again: the SP's InResponseTo cache refuses it (the request was answered).
    await expect(saml.validatePostResponseAsync({ SAMLResponse })).rejects.toThrow(/InResponseTo/);
  });

  it('answers an HTTP-POST AuthnRequest too; a short-lived assertion (5 minutes)', async () => {
    const { saml, SAMLResponse } = await signInAt(central.platforms.pret, seeded.patrons.gina, 'post');
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse });
    expect(profile?.attributes).toMatchObject({ eligible: 'true', age_band: '0-14' });
    expect(profile?.attributes).not.toHaveProperty('category');
    const xml = Buffer.from(SAMLResponse, 'base64').toString('utf8');
    const issued = Date.parse(/IssueInstant="([^"]+)"/.exec(xml)?.[1] ?? '');
    const until = Date.parse(/Conditions NotBefore="[^"]+" NotOnOrAfter="([^"]+)"/.exec(xml)?.[1] ?? '');
    expect(until - issued).toBe(5 * 60_000);
    // An SP that deflates its POSTed request (as for HTTP-Redirect) is understood as well.
    const deflated = await loginPageFor(spOf(central.platforms.pret), 'post');
    expect(deflated.status).toBe(200);
    expect(await deflated.text()).toContain('Connexion à Prêt numérique');
  });

  it('gives the same patron two different NameIDs at two platforms, and the same one again at one', async () => {
    const nameAt = async (platform: SamlPlatform) => {
      const { saml, SAMLResponse } = await signInAt(platform, seeded.patrons.alice, 'redirect');
      return (await saml.validatePostResponseAsync({ SAMLResponse })).profile?.nameID;
    };
    const first = await nameAt(central.platforms.cantook);
    const second = await nameAt(central.platforms.pret);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(first).not.toBe(second);
    expect(await nameAt(central.platforms.cantook)).toBe(first);
  });

  it('refuses an ineligible patron with the French page, and issues no assertion', async () => {
    for (const who of [seeded.patrons.bob, seeded.patrons.carol]) {
      const page = await (await loginPageFor(spOf(central.platforms.cantook))).text();
      const done = await submitCard(page, who);
      expect(done.status).toBe(403);
      expect(done.html).toContain('Vous ne pouvez pas entrer dans la médiathèque numérique');
      expect(done.html).not.toContain('SAMLResponse');
    }
    // A wrong birth date: the same words as for an unknown card, the form again, no assertion.
    const page = await (await loginPageFor(spOf(central.platforms.cantook))).text();
    const wrong = await submitCard(page, { ...seeded.patrons.alice, birthDate: '01/01/1990' });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('ne correspondent pas');
    expect(wrong.html).not.toContain('SAMLResponse');
  });

  it('has a tampered response rejected by the SP', async () => {
    const { saml, SAMLResponse } = await signInAt(
      central.platforms.cantook,
      seeded.patrons.alice,
      'redirect',
    );
    const xml = Buffer.from(SAMLResponse, 'base64').toString('utf8');
    const otherName = (await signInAt(central.platforms.cantook, seeded.patrons.frank, 'redirect'))
      .SAMLResponse;
    const frankId = /<saml:NameID[^>]*>([^<]+)</.exec(Buffer.from(otherName, 'base64').toString('utf8'))?.[1];
    const aliceId = /<saml:NameID[^>]*>([^<]+)</.exec(xml)?.[1];
    expect(frankId && aliceId && frankId !== aliceId).toBe(true);
    const forged = xml.replace(`>${aliceId}<`, `>${frankId}<`);
    // The same SP, except that it does not bind responses to its requests: only the signature can refuse.
    const lenient = sp(
      central.platforms.cantook.entityId,
      central.platforms.cantook.acsUrl,
      undefined,
      ValidateInResponseTo.never,
    );
    expect(forged).not.toBe(xml);
    await expect(
      lenient.validatePostResponseAsync({ SAMLResponse: Buffer.from(forged).toString('base64') }),
    ).rejects.toThrow(/signature/i);
    // An attribute changed is caught as well.
    const widened = xml.replace(
      '<saml:AttributeValue>true</saml:AttributeValue>',
      '<saml:AttributeValue>false</saml:AttributeValue>',
    );
    expect(widened).not.toBe(xml);
    await expect(
      lenient.validatePostResponseAsync({ SAMLResponse: Buffer.from(widened).toString('base64') }),
    ).rejects.toThrow(/signature/i);
    // The untouched response passes the same SP: the refusals came from the tampering alone.
    expect((await saml.validatePostResponseAsync({ SAMLResponse })).profile?.nameID).toBe(aliceId);
    // A response for Cantook is not accepted by another SP: the audience is Cantook's entity ID.
    const { SAMLResponse: forCantook } = await signInAt(
      central.platforms.cantook,
      seeded.patrons.alice,
      'redirect',
    );
    const otherSp = sp(
      central.platforms.other.entityId,
      central.platforms.cantook.acsUrl,
      undefined,
      ValidateInResponseTo.never,
    );
    await expect(otherSp.validatePostResponseAsync({ SAMLResponse: forCantook })).rejects.toThrow(
      /audience/i,
    );
  });

  it('refuses, in French, an unregistered SP and an ACS URL other than the registered one', async () => {
    const stranger = await loginPageFor(sp('https://inconnu.example/sp', 'http://127.0.0.1:9/acs'));
    expect(stranger.status).toBe(403);
    const strangerPage = await stranger.text();
    expect(strangerPage).toContain('<html lang="fr">');
    expect(strangerPage).toContain('n’est pas reconnue');
    expect(strangerPage).not.toContain('<form');

    const elsewhere = await loginPageFor(
      sp(central.platforms.cantook.entityId, 'https://attaquant.example/acs'),
    );
    expect(elsewhere.status).toBe(403);
    const elsewherePage = await elsewhere.text();
    expect(elsewherePage).toContain('n’est pas celle enregistrée');
    expect(elsewherePage).not.toContain('<form');
  });

  it('refuses malformed requests: a DTD, garbage, a forged form address', async () => {
    const withDtd = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a" Version="2.0"><saml:Issuer>${central.platforms.cantook.entityId}</saml:Issuer></samlp:AuthnRequest>`;
    for (const body of [Buffer.from(withDtd).toString('base64'), 'pas du base64 !', '']) {
      const answer = await fetch(`${url()}/saml/sso`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ SAMLRequest: body }),
      });
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain('n’est pas reconnue');
    }
    const forged = await fetch(`${url()}/saml/login?state=abc.def`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...seeded.patrons.alice }),
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('a expiré');
  });

  it('stops a platform an administrator removed, even with a login page already open', async () => {
    const open = await (await loginPageFor(spOf(central.platforms.other))).text();
    const api = client(url());
    const admin = (await api.login('admin@lot.fr', 'admin-password')).accessToken;
    const removed = await api.call('DELETE', accessPaths.platform(central.platforms.other.clientId), {
      token: admin,
    });
    expect(removed.status).toBe(204);
    const late = await submitCard(open, seeded.patrons.alice);
    expect(late.status).toBe(400);
    expect(late.html).not.toContain('SAMLResponse');
    expect((await loginPageFor(spOf(central.platforms.other))).status).toBe(403);
  });

  it('counts SAML sign-ins as active patrons of the platform, like OpenID Connect', async () => {
    const year = Number(monthInFrance(new Date()).slice(0, 4));
    const answer = await client(url()).call('GET', `${accessPaths.activity}?year=${year}`, { token: reader });
    expect(answer.status).toBe(200);
    const body = answer.body as {
      active: number;
      platforms: { clientId: string; name: string; active: number }[];
    };
    const of = (platform: SamlPlatform) => body.platforms.find((row) => row.clientId === platform.clientId);
    // alice and frank at Cantook; gina and alice at Prêt numérique; nobody refused counted.
    expect(of(central.platforms.cantook)).toEqual({
      clientId: central.platforms.cantook.clientId,
      name: 'Cantook',
      active: 2,
    });
    expect(of(central.platforms.pret)).toEqual({
      clientId: central.platforms.pret.clientId,
      name: 'Prêt numérique',
      active: 2,
    });
    expect(body.active).toBe(3);
  });

  it('keeps its certificate across a restart (platforms pin it)', async () => {
    await central.server.restart();
    const again = await (await fetch(`${url()}/saml/metadata`)).text();
    expect(certificateOf(again)).toBe(idpCert);
  });
});
