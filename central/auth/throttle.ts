import { sql, type Transaction } from 'kysely';
import type { CentralContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import type { CentralDatabase } from '../store/schema.ts';

/**
 * Login throttling by progressive delays, never a lockout of the right person:
 * - each account: after 3 failed attempts within 15 minutes, the next one waits 1 s after the previous
 *   attempt, then 2, 4… up to 60 s — a guesser gets a few dozen tries an hour, the owner still gets in;
 * - each address: the same from the 10th failure, except for an account that logged in successfully from
 *   that address within 30 days (an office behind one address is not slowed by a colleague's typos);
 * - an attempt is recorded BEFORE its password is checked, under a lock on its account and address, and
 *   counts as a failure until it is known: 100 guesses sent at once get 3 evaluations, not 100;
 * - an administrator may clear an account's failures (`unlock`).
 * Everything is counted from auth_audit, so it holds across restarts and server processes.
 */
export const throttle = {
  windowMinutes: 15,
  freeAttemptsPerAccount: 3,
  freeAttemptsPerAddress: 10,
  maxDelaySeconds: 60,
  knownAddressDays: 30,
} as const;

const delaySeconds = (failures: number, free: number) =>
  failures < free ? 0 : Math.min(2 ** (failures - free), throttle.maxDelaySeconds);

export class Throttled extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      'RATE_LIMITED',
      `Trop de tentatives de connexion : réessayez dans ${retryAfterSeconds} seconde${retryAfterSeconds > 1 ? 's' : ''}.`,
      { retryAfterSeconds },
    );
  }
}

/**
 * Records a login attempt for `email` from `ip`, or throws Throttled (nothing recorded) when it comes too
 * soon. Returns the attempt's id, to be settled with `settleAttempt` once the password is checked.
 */
export async function recordAttempt(ctx: CentralContext, email: string, ip: string): Promise<string> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    // Serialises attempts on one account and on one address (the order is fixed: no deadlock).
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`login-email:${email}`}))`.execute(trx);
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`login-ip:${ip}`}))`.execute(trx);
    const wait = await secondsToWait(trx, email, ip, now);
    if (wait > 0) throw new Throttled(wait);
    const row = await trx
      .insertInto('auth_audit')
      .values({ at: now, event: 'login_attempt', email, user_id: null, ip, detail: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(row.id);
  });
}

/** The attempt's outcome replaces it in the audit trail. */
export async function settleAttempt(
  ctx: CentralContext,
  attemptId: string,
  outcome: 'login_ok' | 'login_failed',
  userId: string | null,
): Promise<void> {
  await ctx.db
    .updateTable('auth_audit')
    .set({ event: outcome, user_id: userId })
    .where('id', '=', Number(attemptId))
    .execute();
}

async function secondsToWait(
  trx: Transaction<CentralDatabase>,
  email: string,
  ip: string,
  now: Date,
): Promise<number> {
  const since = new Date(now.getTime() - throttle.windowMinutes * 60_000);
  const knownSince = new Date(now.getTime() - throttle.knownAddressDays * 86_400_000);
  const { rows } = await sql<{
    account_failures: number;
    account_last: Date | string | null;
    address_failures: number;
    address_last: Date | string | null;
    known: boolean;
  }>`
    WITH unlocked AS (
      -- An administrator's unlock, or the owner getting in, starts the count afresh.
      SELECT coalesce(max(at), ${since}) AS at FROM auth_audit
      WHERE email = ${email} AND event IN ('unlocked', 'login_ok') AND at > ${since}
    ), account AS (
      SELECT count(*)::int AS failures, max(a.at) AS last FROM auth_audit a, unlocked
      WHERE a.email = ${email} AND a.event IN ('login_failed', 'login_attempt') AND a.at > unlocked.at
    ), address AS (
      SELECT count(*)::int AS failures, max(at) AS last FROM auth_audit
      WHERE ip = ${ip} AND event IN ('login_failed', 'login_attempt') AND at > ${since}
    )
    SELECT account.failures AS account_failures, account.last AS account_last,
           address.failures AS address_failures, address.last AS address_last,
           EXISTS (SELECT 1 FROM auth_audit WHERE email = ${email} AND ip = ${ip} AND event = 'login_ok'
                   AND at > ${knownSince}) AS known
    FROM account, address`.execute(trx);
  const counts = rows[0];
  if (!counts) return 0;
  const remaining = (failures: number, free: number, last: Date | string | null) => {
    const delay = delaySeconds(failures, free);
    if (delay === 0 || last === null) return 0;
    return Math.max(0, Math.ceil(delay - (now.getTime() - new Date(last).getTime()) / 1000));
  };
  return Math.max(
    remaining(counts.account_failures, throttle.freeAttemptsPerAccount, counts.account_last),
    counts.known
      ? 0
      : remaining(counts.address_failures, throttle.freeAttemptsPerAddress, counts.address_last),
  );
}
