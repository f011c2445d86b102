import { sql } from 'kysely';
import { Throttled } from '../auth/throttle.ts';
import type { CentralContext } from '../context.ts';

/**
 * Patron sign-ins slowed by progressive delays, on the staff throttle's model (auth/throttle.ts), counted
 * from auth_audit so it holds across restarts and processes:
 * - each card (library + number, as a keyed hash): 5 failures free within a day, then each attempt waits
 *   1 s after the previous one, 2, 4… up to 15 minutes — a birth date is a weak secret, so a guesser gets
 *   about a hundred tries a day, the patron mistyping still gets in;
 * - each address: 30 failures free within 15 minutes (a library's public computers share one address),
 *   then 1 s, 2 s… up to a minute;
 * - an attempt is recorded BEFORE it is checked, under a lock on its card and address, and counts as a
 *   failure until settled: a hundred guesses sent at once get five evaluations.
 */
export const patronThrottle = {
  cardWindowHours: 24,
  freeFailuresPerCard: 5,
  maxCardDelaySeconds: 15 * 60,
  addressWindowMinutes: 15,
  freeFailuresPerAddress: 30,
  maxAddressDelaySeconds: 60,
} as const;

const failing = ['patron_login_attempt', 'patron_login_failed'];

const delay = (failures: number, free: number, max: number) =>
  failures < free ? 0 : Math.min(2 ** (failures - free), max);

/** Records an attempt for `card` from `ip` (its id, to settle), or throws Throttled with nothing recorded. */
export async function recordPatronAttempt(
  ctx: Pick<CentralContext, 'db' | 'now'>,
  card: string,
  ip: string,
): Promise<number> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`patron-card:${card}`}))`.execute(trx);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`patron-ip:${ip}`}))`.execute(trx);
    const cardSince = new Date(now.getTime() - patronThrottle.cardWindowHours * 3_600_000);
    const ipSince = new Date(now.getTime() - patronThrottle.addressWindowMinutes * 60_000);
    const { rows } = await sql<{
      card_failures: number;
      card_last: Date | string | null;
      ip_failures: number;
      ip_last: Date | string | null;
    }>`
      WITH opened AS (
        -- The right patron getting in starts the card's count afresh.
        SELECT coalesce(max(at), ${cardSince}) AS at FROM auth_audit
        WHERE email = ${card} AND event = 'patron_login_ok' AND at > ${cardSince}
      ), card AS (
        SELECT count(*)::int AS failures, max(a.at) AS last FROM auth_audit a, opened
        WHERE a.email = ${card} AND a.event IN (${sql.join(failing)}) AND a.at > opened.at
      ), address AS (
        SELECT count(*)::int AS failures, max(at) AS last FROM auth_audit
        WHERE ip = ${ip} AND event IN (${sql.join(failing)}) AND at > ${ipSince}
      )
      SELECT card.failures AS card_failures, card.last AS card_last,
             address.failures AS ip_failures, address.last AS ip_last
      FROM card, address`.execute(trx);
    const counts = rows[0];
    const remaining = (seconds: number, last: Date | string | null | undefined) =>
      seconds === 0 || !last
        ? 0
        : Math.max(0, Math.ceil(seconds - (now.getTime() - new Date(last).getTime()) / 1000));
    const wait = counts
      ? Math.max(
          remaining(
            delay(
              counts.card_failures,
              patronThrottle.freeFailuresPerCard,
              patronThrottle.maxCardDelaySeconds,
            ),
            counts.card_last,
          ),
          remaining(
            delay(
              counts.ip_failures,
              patronThrottle.freeFailuresPerAddress,
              patronThrottle.maxAddressDelaySeconds,
            ),
            counts.ip_last,
          ),
        )
      : 0;
    if (wait > 0) throw new Throttled(wait);
    const row = await trx
      .insertInto('auth_audit')
      .values({ at: now, event: 'patron_login_attempt', email: card, user_id: null, ip, detail: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/**
 * The attempt's outcome replaces it: `ok` (signed in), `failed` (unknown card or wrong birth date),
 * `refused` (the right patron, not eligible: not a guess, so not counted against the card). The detail
 * says why in a word, never what was typed.
 */
export async function settlePatronAttempt(
  ctx: Pick<CentralContext, 'db'>,
  attemptId: number,
  outcome: 'ok' | 'failed' | 'refused',
  detail: string | null,
): Promise<void> {
  await ctx.db
    .updateTable('auth_audit')
    .set({ event: `patron_login_${outcome}`, detail })
    .where('id', '=', attemptId)
    .execute();
}
