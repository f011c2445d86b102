import type { FastifyRequest } from 'fastify';
import type { Role } from '../../shared/sync/protocol.ts';
import { readAccessToken } from '../auth/tokens.ts';
import { findSessionUser } from '../auth/users.ts';
import type { CentralContext } from '../context.ts';
import { seesPersonalData } from '../sync/personal-data.ts';
import { HttpError } from './errors.ts';

export interface Caller {
  id: string;
  email: string;
  role: Role;
  /** Whether patrons reach this account with their names, birth dates and e-mails (sync/personal-data.ts). */
  seesPersonalData: boolean;
}

const unauthenticated = new HttpError(
  401,
  'UNAUTHENTICATED',
  'Session absente ou expirée : reconnectez-vous au serveur central.',
);

/** Bearer access token → the caller, read fresh from the database (a disabled account or a revoked session stops at once). */
export async function authenticate(
  ctx: CentralContext,
  request: FastifyRequest,
  allowed?: readonly Role[],
): Promise<Caller> {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const claims = token ? await readAccessToken(ctx.keys, token, ctx.now()) : null;
  const user = claims ? await findSessionUser(ctx, claims.userId, claims.sessionId) : undefined;
  if (!user) throw unauthenticated;
  if (allowed && !allowed.includes(user.role))
    throw new HttpError(403, 'FORBIDDEN', 'Votre compte n’a pas le droit de faire cette opération.');
  return { id: user.id, email: user.email, role: user.role, seesPersonalData: seesPersonalData(user) };
}

/** Who may change synced data: agents edit, admins too; readers read and export. */
export const editors: readonly Role[] = ['admin', 'agent'];
