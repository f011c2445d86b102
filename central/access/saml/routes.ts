import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Throttled } from '../../auth/throttle.ts';
import type { CentralContext } from '../../context.ts';
import { recordSignIn } from '../activity.ts';
import { ageBand, pairwiseSubject } from '../claims.ts';
import { acceptForms, sendPage } from '../html-reply.ts';
import { participatingLibraries } from '../libraries.ts';
import {
  loginPage,
  messagePage,
  noBirthDatePage,
  refusalPage,
  throttledPage,
  wrongCardOrDate,
} from '../pages.ts';
import { patronAccessById } from '../patron-eligibility.ts';
import { readPolicy } from '../policy.ts';
import { reasonForPatron } from '../refusal-text.ts';
import { type SignInForm, signIn } from '../sign-in.ts';
import type { SamlKeys } from './keys.ts';
import { idpMetadata } from './metadata.ts';
import { findSamlPlatform, findSamlPlatformByEntity, type SamlPlatform } from './platforms.ts';
import { postToPlatform } from './post-page.ts';
import { BadRequest, decodeRequest, parseAuthnRequest } from './request.ts';
import { buildResponse, signResponse } from './response.ts';
import { openState, pendingLifetimeMs, sealState } from './state.ts';

/**
 * The SAML 2.0 identity provider for the platforms that need it (PROTOCOL.md « SAML 2.0 »):
 * - GET /saml/metadata: the IdP metadata;
 * - GET|POST /saml/sso: an AuthnRequest (HTTP-Redirect or HTTP-POST) from a registered platform, answered
 *   by the same French login page as OpenID Connect (pages.ts `loginPage`), posting to /saml/login;
 * - POST /saml/login: the same sign-in check (sign-in.ts: card, birth date, eligibility, throttling,
 *   audit), then the signed Response carried to the registered ACS by an auto-submitting form.
 */
export interface SamlOptions {
  /** The public base address (the OpenID Connect issuer without /oidc); the IdP entity ID is base + /saml. */
  base: () => string;
  keys: () => SamlKeys;
  pairwiseKey: () => Buffer;
}

export const samlPaths = { metadata: '/saml/metadata', sso: '/saml/sso', login: '/saml/login' } as const;

const maxRelayState = 1024;

const unknownPlatform = () =>
  messagePage('La connexion n’a pas pu aboutir', [
    'La plateforme qui vous a envoyé ici n’est pas reconnue par la médiathèque numérique, ou sa demande est incomplète. Revenez sur son site et recommencez ; si cela se reproduit, prévenez votre bibliothèque.',
  ]);

const wrongReturnAddress = () =>
  messagePage('La connexion n’a pas pu aboutir', [
    'La plateforme demande à recevoir votre connexion à une adresse qui n’est pas celle enregistrée pour elle : par sécurité, la connexion s’arrête ici. Prévenez votre bibliothèque.',
  ]);

const expired = () =>
  messagePage('La connexion n’a pas pu aboutir', [
    'Cette page de connexion a expiré. Revenez sur le site de la plateforme et recommencez.',
  ]);

export function samlRoutes(app: FastifyInstance, ctx: CentralContext, options: SamlOptions): void {
  const entityId = () => `${options.base()}/saml`;

  app.register(async (scope) => {
    acceptForms(scope, 128 * 1024);

    scope.get(samlPaths.metadata, async (_request, reply) =>
      reply
        .header('content-type', 'application/samlmetadata+xml; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .send(idpMetadata(entityId(), `${options.base()}${samlPaths.sso}`, options.keys().certificatePem)),
    );

    async function startSignIn(request: FastifyRequest, reply: FastifyReply, binding: 'redirect' | 'post') {
      const fields = (binding === 'redirect' ? request.query : request.body) as
        | Record<string, unknown>
        | undefined;
      const encoded = fields?.SAMLRequest;
      const relayState = fields?.RelayState;
      if (typeof encoded !== 'string') return sendPage(reply, 400, unknownPlatform());
      if (relayState !== undefined && (typeof relayState !== 'string' || relayState.length > maxRelayState))
        return sendPage(reply, 400, unknownPlatform());
      let authn: ReturnType<typeof parseAuthnRequest>;
      try {
        authn = parseAuthnRequest(decodeRequest(encoded, binding));
      } catch (error) {
        if (error instanceof BadRequest) return sendPage(reply, 400, unknownPlatform());
        throw error;
      }
      const platform = await findSamlPlatformByEntity(ctx, authn.issuer);
      if (!platform) return sendPage(reply, 403, unknownPlatform());
      // The answer goes to the registered ACS only; a request naming another one is refused, not redirected.
      if (authn.acsUrl !== undefined && authn.acsUrl !== platform.acsUrl)
        return sendPage(reply, 403, wrongReturnAddress());
      const state = sealState(options.pairwiseKey(), {
        clientId: platform.clientId,
        requestId: authn.id,
        relayState: typeof relayState === 'string' ? relayState : null,
        expires: ctx.now().getTime() + pendingLifetimeMs,
      });
      return sendPage(reply, 200, await form(platform, state, {}));
    }

    scope.get(samlPaths.sso, (request, reply) => startSignIn(request, reply, 'redirect'));
    scope.post(samlPaths.sso, (request, reply) => startSignIn(request, reply, 'post'));

    const loginAddress = (state: string) => `${samlPaths.login}?state=${encodeURIComponent(state)}`;

    async function form(
      platform: SamlPlatform,
      state: string,
      extra: Partial<Parameters<typeof loginPage>[0]>,
      libraries?: Awaited<ReturnType<typeof participatingLibraries>>,
    ) {
      return loginPage({
        action: loginAddress(state),
        platformName: platform.name,
        libraries: libraries ?? (await participatingLibraries(ctx)),
        returnTo: platform.acsUrl,
        ...extra,
      });
    }

    /** The pending sign-in named by the form's address, and its platform if still registered. */
    async function pending(request: FastifyRequest) {
      const token = (request.query as Record<string, unknown>)?.state;
      if (typeof token !== 'string') return undefined;
      const opened = openState(options.pairwiseKey(), token, ctx.now());
      if (!opened) return undefined;
      const platform = await findSamlPlatform(ctx, opened.clientId);
      return platform ? { ...opened, platform, token } : undefined;
    }

    scope.get(samlPaths.login, async (request, reply) => {
      const current = await pending(request);
      if (!current) return sendPage(reply, 400, expired());
      return sendPage(reply, 200, await form(current.platform, current.token, {}));
    });

    scope.post(samlPaths.login, async (request, reply) => {
      const current = await pending(request);
      if (!current) return sendPage(reply, 400, expired());
      const { platform, token } = current;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const typed: SignInForm = {
        libraryId: String(body.libraryId ?? ''),
        cardNumber: String(body.cardNumber ?? ''),
        birthDate: String(body.birthDate ?? ''),
      };
      const back = loginAddress(token);
      const libraries = await participatingLibraries(ctx);
      let outcome: Awaited<ReturnType<typeof signIn>>;
      try {
        outcome = await signIn(
          ctx,
          options.pairwiseKey(),
          typed,
          new Set(libraries.map((library) => library.id)),
          { ip: request.ip, clientId: platform.clientId },
        );
      } catch (error) {
        if (error instanceof Throttled) {
          reply.header('retry-after', String(error.retryAfterSeconds));
          return sendPage(reply, 429, throttledPage(error.retryAfterSeconds, back));
        }
        throw error;
      }
      switch (outcome.kind) {
        case 'invalid':
          return sendPage(
            reply,
            400,
            await form(platform, token, { values: typed, errors: outcome.errors }, libraries),
          );
        case 'wrong':
          return sendPage(
            reply,
            401,
            await form(
              platform,
              token,
              { values: { ...typed, birthDate: '' }, problem: wrongCardOrDate },
              libraries,
            ),
          );
        case 'no_birth_date':
          return sendPage(reply, 403, noBirthDatePage(back));
        case 'refused': {
          const policy = await readPolicy(ctx);
          const reasons = outcome.access.eligibility.reasons.map((reason) =>
            reasonForPatron(reason, outcome.access, policy.graceDays),
          );
          return sendPage(reply, 403, refusalPage(reasons, back));
        }
        case 'ok': {
          const { patron, access } = await patronAccessById(ctx, outcome.patronId);
          // Re-read: eligible a moment ago in signIn; a purge in between leaves no assertion.
          if (!patron || !access.eligibility.eligible) return sendPage(reply, 403, unknownPlatform());
          await recordSignIn(ctx, patron.id, platform.clientId);
          const now = ctx.now();
          const xml = buildResponse({
            idpEntityId: entityId(),
            spEntityId: platform.entityId,
            acsUrl: platform.acsUrl,
            inResponseTo: current.requestId,
            // The pairwise subject, keyed by the SP entity ID: two platforms never share a NameID.
            nameId: pairwiseSubject(options.pairwiseKey(), patron.id, platform.entityId),
            attributes: [
              ['eligible', 'true'],
              ['library', access.library?.code ?? access.library?.id ?? null],
              ['library_name', access.library?.name ?? null],
              ['epci', access.epci?.siren ?? null],
              ['epci_name', access.epci?.name ?? null],
              ...(platform.sendCategory ? [['category', patron.category] as [string, string | null]] : []),
              ...(platform.sendAgeBand
                ? [['age_band', ageBand(patron.birthYear, now.getUTCFullYear())] as [string, string | null]]
                : []),
            ],
            now,
          });
          const signed = signResponse(xml, options.keys());
          return sendPage(
            reply,
            200,
            postToPlatform(
              platform.acsUrl,
              {
                SAMLResponse: Buffer.from(signed, 'utf8').toString('base64'),
                ...(current.relayState !== null ? { RelayState: current.relayState } : {}),
              },
              platform.name,
            ),
          );
        }
      }
    });
  });
}
