import type { Kysely } from 'kysely';
import type { CentralDatabase } from '../store/schema.ts';

export type AuthEvent =
  | 'login_attempt'
  | 'unlocked'
  | 'personal_data_granted'
  | 'personal_data_withdrawn'
  | 'login_ok'
  | 'login_failed'
  | 'rate_limited'
  | 'refresh'
  | 'refresh_reuse'
  | 'logout'
  | 'user_added'
  | 'user_disabled'
  // Patron access (central/access/): an administrator's changes…
  | 'platform_added'
  | 'platform_removed'
  | 'access_policy_set'
  // …and patrons signing in at a platform (`email` holds a keyed hash of library and card, never the card).
  | 'patron_login_attempt'
  | 'patron_login_ok'
  | 'patron_login_failed'
  | 'patron_login_refused';

/** One row per auth event: who (e-mail as typed, user id when known), from where, when. */
export async function audit(
  db: Kysely<CentralDatabase>,
  at: Date,
  event: AuthEvent,
  who: { email?: string | null; userId?: string | null; ip?: string | null; detail?: string | null },
): Promise<void> {
  await db
    .insertInto('auth_audit')
    .values({
      at,
      event,
      email: who.email ?? null,
      user_id: who.userId ?? null,
      ip: who.ip ?? null,
      detail: who.detail ?? null,
    })
    .execute();
}

/**
 * The auth trail's own retention: addresses and e-mails of sign-ins are personal data too. Kept long
 * enough to investigate a year's incidents, then deleted (at start and each day).
 */
export async function pruneAudit(db: Kysely<CentralDatabase>, now: Date, keepDays: number): Promise<number> {
  const result = await db
    .deleteFrom('auth_audit')
    .where('at', '<', new Date(now.getTime() - keepDays * 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
