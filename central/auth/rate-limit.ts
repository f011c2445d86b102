import { sql } from 'kysely';
import type { CentralContext } from '../context.ts';

/**
 * Login failures counted from auth_audit, so the limit survives restarts and holds across several server
 * processes on one PostgreSQL: 5 failures for one e-mail, or 20 from one IP (an office shares one address),
 * within 15 minutes → 429 until the oldest failure leaves the window.
 */
export const rateLimit = { windowMinutes: 15, perEmail: 5, perIp: 20 } as const;

export async function isRateLimited(ctx: CentralContext, email: string, ip: string): Promise<boolean> {
  const since = new Date(ctx.now().getTime() - rateLimit.windowMinutes * 60_000);
  const result = await sql<{ by_email: number; by_ip: number }>`
    SELECT
      (SELECT count(*)::int FROM auth_audit WHERE email = ${email} AND event = 'login_failed' AND at > ${since}) AS by_email,
      (SELECT count(*)::int FROM auth_audit WHERE ip = ${ip} AND event = 'login_failed' AND at > ${since}) AS by_ip
  `.execute(ctx.db);
  const counts = result.rows[0];
  return !!counts && (counts.by_email >= rateLimit.perEmail || counts.by_ip >= rateLimit.perIp);
}

export const rateLimitedMessage = `Trop de tentatives de connexion : réessayez dans ${rateLimit.windowMinutes} minutes.`;
