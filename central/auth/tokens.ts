import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CentralDatabase } from '../store/schema.ts';

export const accessTokenMinutes = 15;
export const refreshTokenDays = 30;

/** The HMAC key of access tokens, created once and kept in the database so tokens survive a restart. */
export async function loadAccessKey(db: Kysely<CentralDatabase>): Promise<Buffer> {
  await db
    .insertInto('server_secret')
    .values({ name: 'access_token_key', value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_secret')
    .select('value')
    .where('name', '=', 'access_token_key')
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'hex');
}

/**
 * Access token: `base64url(payload).base64url(hmac-sha256)`, stateless and short-lived; the user is still
 * read on every request, so disabling an account or changing its role takes effect at once.
 */
export function signAccessToken(key: Buffer, userId: string, expiresAt: Date): string {
  const payload = Buffer.from(JSON.stringify({ sub: userId, exp: expiresAt.getTime() })).toString(
    'base64url',
  );
  return `${payload}.${mac(key, payload)}`;
}

export function readAccessToken(key: Buffer, token: string, now: Date): string | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const { sub, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      sub: unknown;
      exp: unknown;
    };
    if (typeof sub !== 'string' || typeof exp !== 'number' || exp <= now.getTime()) return null;
    return sub;
  } catch {
    return null;
  }
}

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

/** Refresh tokens are 32 random bytes; only their sha256 is stored. */
export const newRefreshToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
