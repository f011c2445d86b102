import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pushRequestSchema } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { authenticate } from '../http/authenticate.ts';
import { parse } from '../http/errors.ts';
import { pull, pullLimits } from './pull.ts';
import { push } from './push.ts';

const pullQuerySchema = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(pullLimits.max).default(pullLimits.default),
});

export function syncRoutes(app: FastifyInstance, ctx: CentralContext): void {
  // Any role may push: a reader's mutations each end `rejected` FORBIDDEN (stored), so its outbox drains.
  app.post('/sync/push', { bodyLimit: 16 * 1024 * 1024 }, async (request) => {
    const caller = await authenticate(ctx, request);
    return push(ctx, caller, parse(pushRequestSchema, request.body));
  });
  app.get('/sync/pull', async (request) => {
    await authenticate(ctx, request);
    const query = parse(pullQuerySchema, request.query);
    return pull(ctx, query.cursor, query.limit);
  });
}
