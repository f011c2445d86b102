import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loginRequestSchema, refreshRequestSchema } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { authenticate } from '../http/authenticate.ts';
import { HttpError, parse } from '../http/errors.ts';
import { login, logout, refresh } from './sessions.ts';
import {
  addUser,
  disableUser,
  emailSchema,
  listUsers,
  roleSchema,
  setPersonalData,
  unlockUser,
} from './users.ts';

const newUserSchema = z.object({
  email: emailSchema,
  role: roleSchema,
  // Length, blanks and common passwords: addUser says what is wrong (WEAK_PASSWORD).
  password: z.string().max(1024),
  /** A reader receiving patrons' personal data (admins and agents always do). */
  personalData: z.boolean().optional(),
});

export function authRoutes(app: FastifyInstance, ctx: CentralContext): void {
  app.post('/auth/login', async (request) => login(ctx, parse(loginRequestSchema, request.body), request.ip));
  app.post('/auth/refresh', async (request) =>
    refresh(ctx, parse(refreshRequestSchema, request.body).refreshToken, request.ip),
  );
  app.post('/auth/logout', async (request, reply) => {
    await logout(ctx, parse(refreshRequestSchema, request.body).refreshToken, request.ip);
    return reply.status(204).send();
  });
  app.get('/auth/me', async (request) => authenticate(ctx, request));

  app.get('/admin/users', async (request) => {
    await authenticate(ctx, request, ['admin']);
    return { users: await listUsers(ctx) };
  });
  app.post('/admin/users', async (request, reply) => {
    const admin = await authenticate(ctx, request, ['admin']);
    const user = await addUser(ctx, parse(newUserSchema, request.body), { userId: admin.id, ip: request.ip });
    return reply.status(201).send(user);
  });
  app.post('/admin/users/:id/disable', async (request) => {
    const admin = await authenticate(ctx, request, ['admin']);
    const { id } = request.params as { id: string };
    if (id === admin.id)
      throw new HttpError(409, 'CANNOT_DISABLE_SELF', 'Vous ne pouvez pas désactiver votre propre compte.');
    return disableUser(ctx, id, { userId: admin.id, ip: request.ip });
  });
  app.post('/admin/users/:id/personal-data', async (request) => {
    const admin = await authenticate(ctx, request, ['admin']);
    const { id } = request.params as { id: string };
    const { grant } = parse(z.object({ grant: z.boolean() }).strict(), request.body);
    return setPersonalData(ctx, id, grant, { userId: admin.id, ip: request.ip });
  });
  app.post('/admin/users/:id/unlock', async (request) => {
    const admin = await authenticate(ctx, request, ['admin']);
    const { id } = request.params as { id: string };
    return unlockUser(ctx, { id }, { userId: admin.id, ip: request.ip });
  });
}
