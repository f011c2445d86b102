import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { accessTokenMinutes } from './lifetimes.ts';
import type { SigningKeys } from './signing-keys.ts';

/** Clocks of the server's processes may differ a little; a client's clock plays no part. */
const clockToleranceSeconds = 5;

export interface AccessClaims {
  userId: string;
  /** The session: the refresh-token family of the login. Revoking it ends every token at once. */
  sessionId: string;
}

/** A JWT (HS256, the key's id in its header) carrying the account, the session and a 15-minute life. */
export async function signAccessToken(
  keys: SigningKeys,
  claims: AccessClaims,
  issuedAt: Date,
  expiresAt: Date,
): Promise<string> {
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: 'HS256', kid: keys.current.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keys.current.secret);
}

/**
 * The claims of a token this service signed with a key it still holds, not expired, issued for no longer
 * than an access token lives and not in the future; null for anything else (alg none, another algorithm,
 * an unknown or dropped key, a forged life).
 */
export async function readAccessToken(
  keys: SigningKeys,
  token: string,
  now: Date,
): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? keys.byKid.get(header.kid) : undefined;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key.secret;
      },
      {
        algorithms: ['HS256'],
        currentDate: now,
        clockTolerance: clockToleranceSeconds,
        maxTokenAge: `${accessTokenMinutes * 60 + clockToleranceSeconds}s`,
        requiredClaims: ['sub', 'sid', 'iat', 'exp'],
      },
    );
    const { sub, sid, iat, exp } = payload as { sub: unknown; sid: unknown; iat: number; exp: number };
    if (typeof sub !== 'string' || typeof sid !== 'string') return null;
    // A life longer than an access token's, or an issue date ahead of the server's clock, is forged.
    if (exp - iat > accessTokenMinutes * 60) return null;
    if (iat > now.getTime() / 1000 + clockToleranceSeconds) return null;
    return { userId: sub, sessionId: sid };
  } catch {
    return null;
  }
}

/** Refresh tokens are 32 random bytes; only their sha256 is stored. */
export const newRefreshToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
