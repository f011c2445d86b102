import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  accessPaths,
  accessPolicySchema,
  activitySchema,
  platformInputSchema,
  platformListSchema,
  registeredPlatformSchema,
} from '../../shared/sync/access.ts';
import type { CentralContext } from '../context.ts';
import { authenticate } from '../http/authenticate.ts';
import { parse } from '../http/errors.ts';
import { activityOfYear } from './activity.ts';
import { monthInFrance } from './calendar.ts';
import { addPlatform, listPlatforms, removePlatform } from './platforms.ts';
import { readPolicy, writePolicy } from './policy.ts';

const yearQuerySchema = z
  .object({
    year: z.coerce
      .number({ message: 'L’année doit être un nombre (par exemple 2026).' })
      .int('L’année doit être un nombre entier.')
      .min(2000, 'Année hors de la période connue.')
      .max(2100, 'Année hors de la période connue.')
      .optional(),
  })
  .strict();

const clientIdSchema = z.string().min(1).max(200);

/** The desktop's side of patron access (shared/sync/access.ts): policy, platforms, activity counts. */
export function accessRoutes(app: FastifyInstance, ctx: CentralContext): void {
  app.get(accessPaths.policy, async (request) => {
    await authenticate(ctx, request);
    return accessPolicySchema.parse(await readPolicy(ctx));
  });
  app.put(accessPaths.policy, async (request) => {
    const admin = await authenticate(ctx, request, ['admin']);
    const policy = parse(accessPolicySchema, request.body);
    return writePolicy(ctx, policy, { userId: admin.id, email: admin.email, ip: request.ip });
  });

  app.get(accessPaths.platforms, async (request) => {
    await authenticate(ctx, request, ['admin']);
    return platformListSchema.parse({ platforms: await listPlatforms(ctx) });
  });
  app.post(accessPaths.platforms, async (request, reply) => {
    const admin = await authenticate(ctx, request, ['admin']);
    const input = parse(platformInputSchema, request.body);
    const registered = await addPlatform(ctx, input, {
      userId: admin.id,
      email: admin.email,
      ip: request.ip,
    });
    // The secret is in this answer only: no cache may keep it.
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(registeredPlatformSchema.parse(registered));
  });
  app.delete(`${accessPaths.platforms}/:clientId`, async (request, reply) => {
    const admin = await authenticate(ctx, request, ['admin']);
    const clientId = parse(clientIdSchema, (request.params as { clientId: string }).clientId);
    await removePlatform(ctx, clientId, { userId: admin.id, email: admin.email, ip: request.ip });
    return reply.status(204).send();
  });

  app.get(accessPaths.activity, async (request) => {
    await authenticate(ctx, request);
    const { year } = parse(yearQuerySchema, request.query);
    return activitySchema.parse(
      await activityOfYear(ctx, year ?? Number(monthInFrance(ctx.now()).slice(0, 4))),
    );
  });
}
