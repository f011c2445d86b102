import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { maxPushBytes, maxPushSeparators, pushRequestSchema } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { authenticate, type Caller } from '../http/authenticate.ts';
import { HttpError, parse } from '../http/errors.ts';
import { pull, pullLimits } from './pull.ts';
import { push } from './push.ts';

const pullQuerySchema = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(pullLimits.max).default(pullLimits.default),
});

/** A reader's outbox holds few entries (each ends refused): this is room for them, not for a flood. */
const readerPushBytes = 256 * 1024;

/** Colons in a JSON text, counted up to just past the limit. */
function separators(text: string): number {
  let count = 0;
  for (let i = text.indexOf(':'); i !== -1 && count <= maxPushSeparators; i = text.indexOf(':', i + 1))
    count += 1;
  return count;
}

export function syncRoutes(app: FastifyInstance, ctx: CentralContext): void {
  // Any role may push: a reader's mutations each end `rejected` FORBIDDEN (stored), so its outbox drains.
  // Who is calling is known before the body is read (onRequest): a reader's push is small or refused
  // unread, and nobody's body is parsed before the account is checked.
  const callers = new WeakMap<object, Caller>();
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      if (separators(body as string) > maxPushSeparators)
        return done(new HttpError(413, 'TOO_LARGE', 'Requête trop volumineuse : trop de champs.'), undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new HttpError(400, 'INVALID_INPUT', 'Requête illisible : JSON invalide.'), undefined);
      }
    });
    scope.post(
      '/sync/push',
      {
        bodyLimit: maxPushBytes,
        onRequest: async (request) => {
          const caller = await authenticate(ctx, request);
          if (caller.role === 'reader' && Number(request.headers['content-length'] ?? 0) > readerPushBytes)
            throw new HttpError(
              413,
              'TOO_LARGE',
              'Requête trop volumineuse pour un compte en lecture seule.',
            );
          callers.set(request, caller);
        },
      },
      async (request) => {
        const caller = callers.get(request) as Caller;
        return push(ctx, caller, parse(pushRequestSchema, request.body));
      },
    );
  });
  app.get('/sync/pull', async (request) => {
    const caller = await authenticate(ctx, request);
    const query = parse(pullQuerySchema, request.query);
    return pull(ctx, query.cursor, query.limit, caller.seesPersonalData);
  });
}
