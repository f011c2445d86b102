import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';

/**
 * Where the refresh token lives between runs. The desktop encrypts it with Electron's safeStorage (the OS
 * keychain); services never import 'electron', so they only know this interface.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * The CLI's and browser host's store: one file per secret, readable by the user only (0600, in a 0700
 * folder). Not encrypted — anyone who can read the user's files can use the token until it is revoked
 * (logout, or an admin disabling the account); the desktop's keychain store protects it at rest.
 */
export function fileSecretStore(dir: string): SecretStore {
  return secretFiles(dir, '.secret', {
    encode: (value) => value,
    decode: (bytes) => bytes.toString('utf8'),
  });
}

/**
 * What the desktop's keychain offers: Electron's safeStorage (DPAPI, Keychain, libsecret) has this shape;
 * the core, in its own process, asks the shell for it (hence the promises).
 */
export interface Keychain {
  encryptString(plain: string): Buffer | Promise<Buffer>;
  decryptString(encrypted: Buffer): string | Promise<string>;
}

/**
 * The desktop's store: each secret encrypted by the OS keychain before it reaches the disk. A file the
 * keychain cannot decrypt (another user, another machine, a damaged file) reads as no secret: the person
 * logs in again.
 */
export function keychainSecretStore(dir: string, keychain: Keychain): SecretStore {
  return secretFiles(dir, '.enc', {
    encode: (value) => keychain.encryptString(value),
    decode: (bytes) => keychain.decryptString(bytes),
  });
}

/** One file per secret, written whole (temporary name, then rename), user-only. */
function secretFiles(
  dir: string,
  extension: string,
  codec: {
    encode(value: string): string | Buffer | Promise<Buffer>;
    decode(bytes: Buffer): string | Promise<string>;
  },
): SecretStore {
  const file = (key: string) => path.join(dir, `${key.replace(/[^a-zA-Z0-9_-]/g, '_')}${extension}`);
  return {
    async get(key) {
      try {
        return await codec.decode(fs.readFileSync(file(key)));
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      const bytes = await codec.encode(value);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileAtomic(file(key), bytes, { mode: 0o600 });
    },
    async delete(key) {
      fs.rmSync(file(key), { force: true });
    },
  };
}
