import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { KeyConfigError, readPrivateFile } from '../auth/private-file.ts';

/**
 * The OpenID Connect provider's secrets, kept OUTSIDE the database like the token keys (auth/signing-keys.ts)
 * and in a file of their own beside them (`<keys>.oidc.json`, 0600, created on first start), because they
 * live by other rules: the token key may be rotated at will (or come from MEDNUM_TOKEN_KEY), but
 * - the pairwise key must never change: every patron's subject at every platform derives from it, and a
 *   platform would take a new subject for a new person;
 * - the ID-token signing key (ES256) is published at /oidc/jwks; platforms cache it;
 * - the cookie keys sign the provider's session and interaction cookies.
 * A server without a data folder (tests) keeps random ones in memory.
 */
export interface OidcKeys {
  /** Private JWKs (ES256) the ID tokens are signed with; the first signs. */
  signing: JsonWebKeyWithKid[];
  cookieKeys: string[];
  /** HMAC-SHA256 key of the pairwise subjects (and of the card keys in the sign-in audit). */
  pairwiseKey: Buffer;
  source: { kind: 'file'; file: string } | { kind: 'memory' };
}

export type JsonWebKeyWithKid = Record<string, string> & { kid: string; kty: string };

const fileSchema = z.object({
  signing: z.array(z.record(z.string(), z.string())).min(1),
  cookieKeys: z.array(z.string().min(32)).min(1),
  pairwiseKey: z.string().min(43),
});

/** `mednum.keys.json` → `mednum.keys.oidc.json`. */
export const oidcKeyFileBeside = (keyFile: string) => `${keyFile.replace(/\.json$/i, '')}.oidc.json`;

function newSigningKey(): JsonWebKeyWithKid {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  // RFC 7638 thumbprint as the kid: stable, and tells a platform which key signed.
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest('base64url');
  return { ...jwk, kid: thumbprint, alg: 'ES256', use: 'sig' } as unknown as JsonWebKeyWithKid;
}

function fresh(): Omit<OidcKeys, 'source'> {
  return {
    signing: [newSigningKey()],
    cookieKeys: [randomBytes(32).toString('base64url')],
    pairwiseKey: randomBytes(32),
  };
}

export const memoryOidcKeys = (): OidcKeys => ({ ...fresh(), source: { kind: 'memory' } });

export function loadOidcKeys(file: string | undefined): OidcKeys {
  if (!file) return memoryOidcKeys();
  const resolved = path.resolve(file);
  const parsed = fileSchema.safeParse(readPrivateFile(resolved, () => storedOf(fresh())));
  if (!parsed.success)
    throw new KeyConfigError('KEY_FILE_UNREADABLE', `Le fichier de clés ${resolved} est illisible.`);
  const signing = parsed.data.signing as JsonWebKeyWithKid[];
  const pairwiseKey = Buffer.from(parsed.data.pairwiseKey, 'base64url');
  if (pairwiseKey.length < 32 || signing.some((key) => !key.kid || !key.d))
    throw new KeyConfigError('KEY_FILE_INVALID', `Le fichier de clés ${resolved} contient une clé invalide.`);
  return {
    signing,
    cookieKeys: parsed.data.cookieKeys,
    pairwiseKey,
    source: { kind: 'file', file: resolved },
  };
}

const storedOf = (keys: Omit<OidcKeys, 'source'>) => ({
  signing: keys.signing,
  cookieKeys: keys.cookieKeys,
  pairwiseKey: keys.pairwiseKey.toString('base64url'),
});
