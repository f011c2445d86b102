import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { Throttled } from '../auth/throttle.ts';
import type { CentralContext } from '../context.ts';
import { acceptForms, sendPage } from './html-reply.ts';
import { participatingLibraries } from './libraries.ts';
import { interactionPath } from './oidc-provider.ts';
import {
  loginPage,
  noBirthDatePage,
  providerErrorPage,
  refusalPage,
  throttledPage,
  wrongCardOrDate,
} from './pages.ts';
import { readPolicy } from './policy.ts';
import { reasonForPatron } from './refusal-text.ts';
import { type SignInForm, signIn } from './sign-in.ts';

/**
 * The patron's login page, where the provider sends a browser that must sign in (`/oidc/interaction/:uid`):
 * GET shows the form, POST checks it (sign-in.ts) and hands the patron back to the provider.
 */
export function interactionRoutes(
  app: FastifyInstance,
  ctx: CentralContext,
  provider: () => Provider,
  pairwiseKey: () => Buffer,
): void {
  app.register(async (scope) => {
    acceptForms(scope, 8 * 1024);

    /** The pending sign-in this browser holds (its interaction cookie), or undefined when expired or foreign. */
    async function pending(request: FastifyRequest, reply: FastifyReply) {
      try {
        const details = await provider().interactionDetails(request.raw, reply.raw);
        const { uid } = request.params as { uid: string };
        if (details.uid !== uid) return undefined;
        const client = await provider().Client.find(String(details.params.client_id));
        if (!client) return undefined;
        return { details, client };
      } catch {
        return undefined;
      }
    }

    async function form(request: FastifyRequest, reply: FastifyReply) {
      const found = await pending(request, reply);
      if (!found) return undefined;
      const libraries = await participatingLibraries(ctx);
      const { uid } = request.params as { uid: string };
      return {
        ...found,
        libraries,
        render: (extra: Parameters<typeof loginPage>[0] extends infer O ? Partial<O> : never) =>
          loginPage({
            action: interactionPath(uid),
            platformName: found.client.clientName ?? 'la plateforme',
            libraries,
            returnTo: String(found.details.params.redirect_uri),
            ...extra,
          }),
      };
    }

    scope.get('/oidc/interaction/:uid', async (request, reply) => {
      const current = await form(request, reply);
      if (!current) return sendPage(reply, 400, providerErrorPage('session_not_found'));
      return sendPage(reply, 200, current.render({}));
    });

    scope.post('/oidc/interaction/:uid', async (request, reply) => {
      const current = await form(request, reply);
      if (!current) return sendPage(reply, 400, providerErrorPage('session_not_found'));
      const body = (request.body ?? {}) as Record<string, unknown>;
      const typed: SignInForm = {
        libraryId: String(body.libraryId ?? ''),
        cardNumber: String(body.cardNumber ?? ''),
        birthDate: String(body.birthDate ?? ''),
      };
      const { uid } = request.params as { uid: string };
      const back = interactionPath(uid);
      let outcome: Awaited<ReturnType<typeof signIn>>;
      try {
        outcome = await signIn(
          ctx,
          pairwiseKey(),
          typed,
          new Set(current.libraries.map((library) => library.id)),
          { ip: request.ip, clientId: current.client.clientId },
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
          return sendPage(reply, 400, current.render({ values: typed, errors: outcome.errors }));
        case 'wrong':
          // The same words whether the card is unknown or the date wrong; the date is not sent back.
          return sendPage(
            reply,
            401,
            current.render({ values: { ...typed, birthDate: '' }, problem: wrongCardOrDate }),
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
          // remember: false — the session cookie ends with the browser (no single sign-on, oidc-provider.ts).
          const returnTo = await provider().interactionResult(
            request.raw,
            reply.raw,
            { login: { accountId: outcome.patronId, remember: false } },
            { mergeWithLastSubmission: false },
          );
          return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
        }
      }
    });
  });
}
