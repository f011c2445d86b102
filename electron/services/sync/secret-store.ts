import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the refresh token lives between runs. The desktop encrypts it with Electron's safeStorage (the OS
 * keychain); services never import 'electron', so they only know this interface.
 */
export interface SecretStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
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

/** What the desktop's keychain offers: Electron's safeStorage (DPAPI, Keychain, libsecret) has this shape. */
export interface Keychain {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
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
  codec: { encode(value: string): string | Buffer; decode(bytes: Buffer): string },
): SecretStore {
  const file = (key: string) => path.join(dir, `${key.replace(/[^a-zA-Z0-9_-]/g, '_')}${extension}`);
  return {
    get(key) {
      try {
        return codec.decode(fs.readFileSync(file(key)));
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temporary = `${file(key)}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, codec.encode(value), { mode: 0o600 });
      fs.renameSync(temporary, file(key));
    },
    delete(key) {
      fs.rmSync(file(key), { force: true });
    },
  };
}
