import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { accessTokenMinutes } from './lifetimes.ts';
import { KeyConfigError, readPrivateFile, writePrivateFile } from './private-file.ts';

/**
 * The keys access tokens are signed with, kept OUTSIDE the database: whoever reads the data folder or a
 * database dump must not be able to forge a token. Two sources:
 * - `MEDNUM_TOKEN_KEY` (base64url, 32 bytes or more): the operator's secret store holds it; rotating it
 *   means changing it there (tokens already issued die within their 15 minutes);
 * - a JSON file, mode 0600, created on first start: `npm run central -- key rotate` adds a new current key
 *   and keeps the previous one for verification only, until every token it signed has expired.
 * An embedded test server without either keeps a random key in memory.
 */
export interface SigningKey {
  kid: string;
  secret: Uint8Array;
  createdAt: string;
  /** When a newer key replaced it: it then only verifies, for the life of an access token. */
  retiredAt: string | null;
}

export interface SigningKeys {
  current: SigningKey;
  /** Every key that may still verify a token, by kid. */
  byKid: ReadonlyMap<string, SigningKey>;
  /** Where they come from, for messages and rotation. */
  source: { kind: 'env' } | { kind: 'file'; file: string } | { kind: 'memory' };
}

const minimumBytes = 32;
const retiredLifeMs = (accessTokenMinutes + 1) * 60_000;

/** The file is edited by hand at times (a key removed): its shape is checked, not assumed. */
const keyFileSchema = z.object({
  keys: z.array(
    z.object({
      kid: z.string(),
      secret: z.string(),
      createdAt: z.iso.datetime(),
      retiredAt: z.iso.datetime().nullable(),
    }),
  ),
});

export function newKey(now: Date): SigningKey {
  const secret = randomBytes(minimumBytes);
  return { kid: kidOf(secret), secret, createdAt: now.toISOString(), retiredAt: null };
}

const kidOf = (secret: Uint8Array) => createHash('sha256').update(secret).digest('base64url').slice(0, 12);

function keySet(keys: SigningKey[], source: SigningKeys['source']): SigningKeys {
  const current = keys.find((key) => key.retiredAt === null);
  if (!current)
    throw new KeyConfigError(
      'KEY_FILE_NO_CURRENT_KEY',
      'Aucune clé de signature courante dans le fichier de clés.',
    );
  return { current, byKid: new Map(keys.map((key) => [key.kid, key])), source };
}

export function memoryKeys(now: Date): SigningKeys {
  return keySet([newKey(now)], { kind: 'memory' });
}

/** The key from the environment, or the key file (created 0600 on first start). */
export function loadSigningKeys(options: {
  keyFile?: string;
  env?: NodeJS.ProcessEnv;
  now: Date;
}): SigningKeys {
  const fromEnv = options.env?.MEDNUM_TOKEN_KEY;
  if (fromEnv) {
    const secret = Buffer.from(fromEnv, 'base64url');
    if (secret.length < minimumBytes)
      throw new KeyConfigError(
        'TOKEN_KEY_TOO_SHORT',
        `MEDNUM_TOKEN_KEY est trop courte : ${minimumBytes} octets au moins, en base64url (openssl rand -base64 32).`,
      );
    return keySet([{ kid: kidOf(secret), secret, createdAt: options.now.toISOString(), retiredAt: null }], {
      kind: 'env',
    });
  }
  if (!options.keyFile) return memoryKeys(options.now);
  const file = path.resolve(options.keyFile);
  return keySet(readKeyFile(file, options.now), { kind: 'file', file });
}

/**
 * A new current key; the previous one verifies for the life of an access token, then goes at the next
 * start or rotation. Refused when the key comes from the environment (rotate it there).
 */
export function rotateSigningKeys(keys: SigningKeys, now: Date): SigningKeys {
  if (keys.source.kind !== 'file')
    throw keys.source.kind === 'env'
      ? new KeyConfigError(
          'KEY_ROTATE_FROM_ENV',
          'La clé vient de MEDNUM_TOKEN_KEY : remplacez-la là où elle est gardée, puis redémarrez le service.',
        )
      : new KeyConfigError('KEY_ROTATE_NO_FILE', 'Ce serveur n’a pas de fichier de clés.');
  const kept = [...keys.byKid.values()].map((key) =>
    key.retiredAt === null ? { ...key, retiredAt: now.toISOString() } : key,
  );
  const rotated = [newKey(now), ...kept.filter((key) => !expiredRetirement(key, now))];
  writePrivateFile(keys.source.file, storedOf(rotated));
  return keySet(rotated, keys.source);
}

const expiredRetirement = (key: SigningKey, now: Date) =>
  key.retiredAt !== null && now.getTime() - new Date(key.retiredAt).getTime() > retiredLifeMs;

function readKeyFile(file: string, now: Date): SigningKey[] {
  const parsed = keyFileSchema.safeParse(readPrivateFile(file, () => storedOf([newKey(now)])));
  if (!parsed.success)
    throw new KeyConfigError('KEY_FILE_UNREADABLE', `Le fichier de clés ${file} est illisible.`);
  const keys = parsed.data.keys.map((key) => ({ ...key, secret: Buffer.from(key.secret, 'base64url') }));
  if (keys.some((key) => key.secret.length < minimumBytes || kidOf(key.secret) !== key.kid))
    throw new KeyConfigError('KEY_FILE_INVALID', `Le fichier de clés ${file} contient une clé invalide.`);
  return keys.filter((key) => !expiredRetirement(key, now));
}

const storedOf = (keys: SigningKey[]) => ({
  keys: keys.map((key) => ({
    kid: key.kid,
    secret: Buffer.from(key.secret).toString('base64url'),
    createdAt: key.createdAt,
    retiredAt: key.retiredAt,
  })),
});
