import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Role, roles } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from './audit.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

export interface User {
  id: string;
  email: string;
  role: Role;
  disabledAt: string | null;
  createdAt: string;
  /** Whether patrons reach this account with their personal data (always for admins and agents). */
  personalData: boolean;
}

export const emailSchema = z.email({ error: 'Adresse e-mail invalide.' }).max(254);
export const roleSchema = z.enum(roles, { error: 'Rôle inconnu : admin, agent ou reader.' });

/** E-mails compare case-insensitively: people type them both ways. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function addUser(
  ctx: CentralContext,
  input: { email: string; role: Role; password: string; personalData?: boolean },
  by: { userId?: string; ip?: string } = {},
): Promise<User> {
  const email = normalizeEmail(emailSchema.parse(input.email.trim()));
  const role = roleSchema.parse(input.role);
  const weak = passwordProblem(input.password);
  if (weak) throw new HttpError(400, 'WEAK_PASSWORD', weak);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  const id = randomUUID();
  const inserted = await ctx.db
    .insertInto('app_user')
    .values({
      id,
      email,
      role,
      password_hash: passwordHash,
      disabled_at: null,
      created_at: now,
      sees_personal_data: input.personalData ?? false,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new HttpError(409, 'USER_EXISTS', `Un compte existe déjà pour ${email}.`);
  await audit(ctx.db, now, 'user_added', {
    email,
    userId: by.userId ?? id,
    ip: by.ip,
    detail: `${id} ${role}`,
  });
  return {
    id,
    email,
    role,
    disabledAt: null,
    createdAt: now.toISOString(),
    personalData: role !== 'reader' || (input.personalData ?? false),
  };
}

export async function listUsers(ctx: CentralContext): Promise<User[]> {
  const rows = await ctx.db.selectFrom('app_user').selectAll().orderBy('email').execute();
  return rows.map(toUser);
}

/** Disabling also revokes every refresh token of the account; its access token dies at the next request. */
export async function disableUser(
  ctx: CentralContext,
  id: string,
  by: { userId: string; ip: string },
): Promise<User> {
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('app_user')
      .set({ disabled_at: now })
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    await trx
      .updateTable('refresh_token')
      .set({ revoked_at: now })
      .where('user_id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    return updated ?? (await trx.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst());
  });
  if (!row) throw new HttpError(404, 'USER_NOT_FOUND', 'Compte introuvable.');
  await audit(ctx.db, now, 'user_disabled', { email: row.email, userId: by.userId, ip: by.ip, detail: id });
  return toUser(row);
}

/**
 * Clears an account's failed logins (auth/throttle.ts counts from the latest `unlocked` row): for the
 * owner who waited long enough, or after an attack the administrator has dealt with.
 */
export async function unlockUser(
  ctx: CentralContext,
  who: { id?: string; email?: string },
  by: { userId?: string; ip?: string } = {},
): Promise<User> {
  let query = ctx.db.selectFrom('app_user').selectAll();
  if (who.id) query = query.where('id', '=', who.id);
  else query = query.where('email', '=', normalizeEmail(who.email ?? ''));
  const row = await query.executeTakeFirst();
  if (!row) throw new HttpError(404, 'USER_NOT_FOUND', 'Compte introuvable.');
  await audit(ctx.db, ctx.now(), 'unlocked', { email: row.email, userId: by.userId ?? row.id, ip: by.ip });
  return toUser(row);
}

/** An administrator grants (or withdraws) a reader's access to patrons' personal data. */
export async function setPersonalData(
  ctx: CentralContext,
  id: string,
  grant: boolean,
  by: { userId: string; ip: string },
): Promise<User> {
  const row = await ctx.db
    .updateTable('app_user')
    .set({ sees_personal_data: grant })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new HttpError(404, 'USER_NOT_FOUND', 'Compte introuvable.');
  await audit(ctx.db, ctx.now(), grant ? 'personal_data_granted' : 'personal_data_withdrawn', {
    email: row.email,
    userId: by.userId,
    ip: by.ip,
    detail: id,
  });
  return toUser(row);
}

export async function findSessionUser(ctx: CentralContext, userId: string, sessionId: string) {
  return ctx.db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.email', 'u.role', 'u.sees_personal_data'])
    .where('u.id', '=', userId)
    .where('u.disabled_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('refresh_token as t')
          .select('t.id')
          .where('t.family_id', '=', sessionId)
          .whereRef('t.user_id', '=', 'u.id')
          .where('t.revoked_at', 'is', null),
      ),
    )
    .executeTakeFirst();
}

function toUser(row: {
  id: string;
  email: string;
  role: Role;
  disabled_at: Date | null;
  created_at: Date;
  sees_personal_data: boolean;
}): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    disabledAt: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    personalData: row.role !== 'reader' || row.sees_personal_data,
  };
}
