import { timingSafeEqual } from 'node:crypto';
import Provider, { type Configuration, interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { CentralContext } from '../context.ts';
import { recordSignIn } from './activity.ts';
import { ageBand, mednumClaims, mednumScope, pairwiseSubject } from './claims.ts';
import { adapterFor } from './oidc-adapter.ts';
import type { OidcKeys } from './oidc-keys.ts';
import { providerErrorPage } from './pages.ts';
import { patronAccessById } from './patron-eligibility.ts';
import { findPlatform, secretSha256 } from './platforms.ts';

/**
 * The OpenID Connect provider the resource platforms sign patrons in with (panva's oidc-provider, a
 * certified implementation), mounted at /oidc (oidc-mount.ts). Choices (PROTOCOL.md « Accès des lecteurs »):
 * - clients are the platforms an administrator registered (platforms.ts), confidential, authorization code
 *   with PKCE (S256) required, secret by HTTP Basic or in the body;
 * - subjects are pairwise per platform (claims.ts), ID tokens signed ES256 with a persisted key;
 * - no consent screen: the Département registered the platform, and the claims are the minimum;
 * - no single sign-on: every authorization asks for the card again (shared public computers in libraries),
 *   and the session cookie lasts only for the browser session;
 * - eligibility is re-checked whenever the provider looks the patron up (code exchange, userinfo): a patron
 *   no longer eligible has no account.
 */
export interface OidcOptions {
  issuer: string;
  keys: OidcKeys;
  /** Behind a TLS reverse proxy: believe X-Forwarded-Proto/Host for the addresses and secure cookies. */
  behindProxy: boolean;
}

const mountPath = '/oidc';
export const interactionPath = (uid: string) => `${mountPath}/interaction/${encodeURIComponent(uid)}`;

function noSingleSignOn() {
  const policy = interactionPolicy.base();
  // A session left on a library's public computer must not let the next person in: whatever the browser
  // holds, each authorization goes through the login page, unless it is the one just completed.
  policy
    .get('login')
    ?.checks.push(
      new interactionPolicy.Check(
        'each_sign_in',
        'every authorization asks for the card',
        (ctx: KoaContextWithOIDC) => !ctx.oidc.result?.login,
      ),
    );
  return policy;
}

export function createProvider(ctx: CentralContext, options: OidcOptions): Provider {
  const { keys } = options;
  const configuration: Configuration = {
    adapter: adapterFor(ctx),
    clients: [],
    jwks: { keys: keys.signing as never },
    cookies: {
      keys: keys.cookieKeys,
      // No maxAge: the browser forgets them when it closes.
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
      names: { session: 'mednum_session', interaction: 'mednum_interaction', resume: 'mednum_resume' },
    },
    scopes: ['openid', mednumScope],
    claims: { openid: ['sub'], [mednumScope]: [...mednumClaims] },
    // Platforms read the claims from the ID token as often as from userinfo: both carry them.
    conformIdTokenClaims: false,
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) =>
      pairwiseSubject(keys.pairwiseKey, accountId, client.clientId),
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
      subject_type: 'pairwise',
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256'],
      userinfoSigningAlgValues: ['ES256'],
      // No HMAC algorithm: the client secret kept is a hash (oidc-adapter.ts), never a key.
      clientAuthSigningAlgValues: ['ES256', 'RS256', 'PS256', 'EdDSA'],
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: false },
      revocation: { enabled: true },
    },
    interactions: {
      policy: noSingleSignOn(),
      url: (_ctx, interaction) => interactionPath(interaction.uid),
    },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 10 * 60,
      IdToken: 10 * 60,
      Interaction: 30 * 60,
      Session: 30 * 60,
      Grant: 30 * 60,
    },
    // The platform was registered by the Département for exactly these claims: no consent screen.
    loadExistingGrant: async (koa) => {
      const client = koa.oidc.client;
      const accountId = koa.oidc.session?.accountId;
      if (!client || !accountId) return undefined;
      const existing = koa.oidc.session?.grantIdFor(client.clientId);
      if (existing) {
        const grant = await koa.oidc.provider.Grant.find(existing);
        if (grant && grant.accountId === accountId) return grant;
      }
      const grant = new koa.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope(`openid ${mednumScope}`);
      await grant.save();
      return grant;
    },
    findAccount: async (koa, sub) => {
      const { patron, access } = await patronAccessById(ctx, sub);
      if (!patron || !access.eligibility.eligible) return undefined;
      const clientId = koa.oidc.client?.clientId;
      const platform = clientId ? await findPlatform(ctx, clientId) : undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          eligible: true,
          library: access.library
            ? { id: access.library.id, code: access.library.code, name: access.library.name }
            : null,
          epci: access.epci,
          ...(platform?.sendCategory ? { category: patron.category } : {}),
          ...(platform?.sendAgeBand
            ? { age_band: ageBand(patron.birthYear, ctx.now().getUTCFullYear()) }
            : {}),
        }),
      };
    },
    renderError: async (koa, out) => {
      const page = providerErrorPage(String(out.error ?? 'server_error'));
      koa.type = 'html';
      koa.set('content-security-policy', page.csp);
      koa.body = page.html;
    },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.behindProxy;
  // The platform's secret is kept as its SHA-256 (platforms.ts): hash what it presents, then compare.
  provider.Client.prototype.compareClientSecret = function compare(this: { clientSecret?: string }, actual) {
    const kept = Buffer.from(this.clientSecret ?? '', 'hex');
    const presented = Buffer.from(secretSha256(String(actual)), 'hex');
    return Promise.resolve(kept.length === presented.length && timingSafeEqual(kept, presented));
  };
  // « Inscrits numériques actifs »: a successful authorization counts (patron, platform, month), recorded
  // before the answer leaves (the listener's promise is awaited by the middleware below).
  provider.on('authorization.success', (koa: KoaContextWithOIDC) => {
    const accountId = koa.oidc.session?.accountId;
    const clientId = koa.oidc.client?.clientId;
    if (accountId && clientId) koa.state.signInRecorded = recordSignIn(ctx, accountId, clientId);
  });
  provider.use(async (koa, next) => {
    await next();
    if (koa.state.signInRecorded) await koa.state.signInRecorded;
  });
  return provider;
}

/** The middleware the mount hands requests to; `urlFor` gives the interaction routes their addresses. */
export type OidcProvider = Provider;
