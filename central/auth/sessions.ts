import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Session } from '../../shared/sync/protocol.ts';
import type { CentralContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import type { CentralDatabase } from '../store/schema.ts';
import { audit } from './audit.ts';
import { accessTokenMinutes, refreshTokenDays } from './lifetimes.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { recordAttempt, settleAttempt, Throttled } from './throttle.ts';
import { hashToken, newRefreshToken, signAccessToken } from './tokens.ts';
import { normalizeEmail } from './users.ts';

const badCredentials = new HttpError(401, 'BAD_CREDENTIALS', 'Adresse e-mail ou mot de passe incorrect.');
const sessionEnded = new HttpError(
  401,
  'SESSION_EXPIRED',
  'Votre session a expiré ou a été révoquée : reconnectez-vous.',
);

export async function login(
  ctx: CentralContext,
  input: { email: string; password: string },
  ip: string,
): Promise<Session> {
  const email = normalizeEmail(input.email);
  const now = ctx.now();
  let attempt: string;
  try {
    attempt = await recordAttempt(ctx, email, ip);
  } catch (error) {
    if (error instanceof Throttled) await audit(ctx.db, now, 'rate_limited', { email, ip });
    throw error;
  }
  const user = await ctx.db
    .selectFrom('app_user')
    .selectAll()
    .where('email', '=', email)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
  if (!user || !ok) {
    await settleAttempt(ctx, attempt, 'login_failed', user?.id ?? null);
    throw badCredentials;
  }
  const session = await openSession(ctx, user, randomUUID(), now);
  await settleAttempt(ctx, attempt, 'login_ok', user.id);
  return session;
}

/**
 * Rotation: a refresh token works once. Presenting one already rotated means it was copied: the whole
 * family (every token descended from that login) is revoked, the thief's and the owner's alike.
 */
export async function refresh(ctx: CentralContext, refreshToken: string, ip: string): Promise<Session> {
  const now = ctx.now();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const token = await trx
      .selectFrom('refresh_token')
      .selectAll()
      .where('token_hash', '=', hashToken(refreshToken))
      .forUpdate()
      .executeTakeFirst();
    if (!token) return { kind: 'unknown' as const };
    if (token.rotated_at && !token.revoked_at && (await answerWasLost(trx, token, now))) {
      // The desktop never received the token this one was rotated into: it may try again, once more.
      await trx
        .updateTable('refresh_token')
        .set({ revoked_at: now })
        .where('family_id', '=', token.family_id)
        .where('created_at', '>=', token.rotated_at)
        .where('id', '<>', token.id)
        .execute();
    } else if (token.rotated_at || token.revoked_at) {
      await trx
        .updateTable('refresh_token')
        .set({ revoked_at: now })
        .where('family_id', '=', token.family_id)
        .where('revoked_at', 'is', null)
        .execute();
      return { kind: 'reuse' as const, userId: token.user_id, reused: !!token.rotated_at };
    }
    if (new Date(token.expires_at).getTime() <= now.getTime()) return { kind: 'expired' as const };
    const user = await trx
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', token.user_id)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!user) return { kind: 'expired' as const };
    await trx.updateTable('refresh_token').set({ rotated_at: now }).where('id', '=', token.id).execute();
    return { kind: 'ok' as const, session: await openSession(ctx, user, token.family_id, now, trx) };
  });
  if (outcome.kind === 'reuse' && outcome.reused)
    await audit(ctx.db, now, 'refresh_reuse', { userId: outcome.userId, ip, detail: 'family revoked' });
  if (outcome.kind !== 'ok') throw sessionEnded;
  await audit(ctx.db, now, 'refresh', {
    email: outcome.session.user.email,
    userId: outcome.session.user.id,
    ip,
  });
  return outcome.session;
}

/** How long after a rotation the rotated token may still be presented, if its successor was never used. */
const lostAnswerGraceMs = 60_000;

/**
 * A refresh whose answer was lost (the connection dropped after the server committed) leaves the desktop
 * with the rotated token: presented again within a minute, while the token it was rotated into has never
 * been used, it is the same desktop retrying, not a copy. Anything else is reuse.
 */
async function answerWasLost(
  trx: Transaction<CentralDatabase>,
  token: { id: string; family_id: string; rotated_at: Date | string | null },
  now: Date,
): Promise<boolean> {
  if (!token.rotated_at) return false;
  const rotatedAt = new Date(token.rotated_at);
  if (now.getTime() - rotatedAt.getTime() > lostAnswerGraceMs) return false;
  const successors = await trx
    .selectFrom('refresh_token')
    .select(['rotated_at', 'revoked_at'])
    .where('family_id', '=', token.family_id)
    .where('created_at', '>=', rotatedAt)
    .where('id', '<>', token.id)
    .execute();
  return successors.length > 0 && successors.every((t) => !t.rotated_at && !t.revoked_at);
}

/** Logout revokes the token's family; an unknown token is not an error (the goal is reached). */
export async function logout(ctx: CentralContext, refreshToken: string, ip: string): Promise<void> {
  const now = ctx.now();
  const token = await ctx.db
    .selectFrom('refresh_token')
    .select(['family_id', 'user_id'])
    .where('token_hash', '=', hashToken(refreshToken))
    .executeTakeFirst();
  if (!token) return;
  await ctx.db
    .updateTable('refresh_token')
    .set({ revoked_at: now })
    .where('family_id', '=', token.family_id)
    .where('revoked_at', 'is', null)
    .execute();
  await audit(ctx.db, now, 'logout', { userId: token.user_id, ip });
}

async function openSession(
  ctx: CentralContext,
  user: { id: string; email: string; role: Session['user']['role'] },
  familyId: string,
  now: Date,
  db = ctx.db,
): Promise<Session> {
  const refreshToken = newRefreshToken();
  await db
    .insertInto('refresh_token')
    .values({
      id: randomUUID(),
      family_id: familyId,
      user_id: user.id,
      token_hash: hashToken(refreshToken),
      created_at: now,
      expires_at: new Date(now.getTime() + refreshTokenDays * 86_400_000),
      rotated_at: null,
      revoked_at: null,
    })
    .execute();
  const accessExpiresAt = new Date(now.getTime() + accessTokenMinutes * 60_000);
  return {
    accessToken: await signAccessToken(
      ctx.keys,
      { userId: user.id, sessionId: familyId },
      now,
      accessExpiresAt,
    ),
    accessExpiresAt: accessExpiresAt.toISOString(),
    refreshToken,
    user: { id: user.id, email: user.email, role: user.role },
  };
}
