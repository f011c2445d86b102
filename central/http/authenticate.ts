import type { FastifyRequest } from 'fastify';
import type { Role } from '../../shared/sync/protocol.ts';
import { readAccessToken } from '../auth/tokens.ts';
import { findActiveUser } from '../auth/users.ts';
import type { CentralContext } from '../context.ts';
import { HttpError } from './errors.ts';

export interface Caller {
  id: string;
  email: string;
  role: Role;
}

const unauthenticated = new HttpError(
  401,
  'UNAUTHENTICATED',
  'Session absente ou expirée : reconnectez-vous au serveur central.',
);

/** Bearer access token → the caller, read fresh from the database (disabled accounts stop at once). */
export async function authenticate(
  ctx: CentralContext,
  request: FastifyRequest,
  allowed?: readonly Role[],
): Promise<Caller> {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const userId = token ? readAccessToken(ctx.accessKey, token, ctx.now()) : null;
  const user = userId ? await findActiveUser(ctx, userId) : undefined;
  if (!user) throw unauthenticated;
  if (allowed && !allowed.includes(user.role))
    throw new HttpError(403, 'FORBIDDEN', 'Votre compte n’a pas le droit de faire cette opération.');
  return user;
}

/** Who may change synced data: agents edit, admins too; readers read and export. */
export const editors: readonly Role[] = ['admin', 'agent'];
