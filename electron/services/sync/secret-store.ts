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
 * (logout, or an admin disabling the account); the desktop's safeStorage store protects it at rest.
 */
export function fileSecretStore(dir: string): SecretStore {
  const file = (key: string) => path.join(dir, `${key.replace(/[^a-zA-Z0-9_-]/g, '_')}.secret`);
  return {
    get(key) {
      try {
        return fs.readFileSync(file(key), 'utf8');
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temporary = `${file(key)}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, value, { mode: 0o600 });
      fs.renameSync(temporary, file(key));
    },
    delete(key) {
      fs.rmSync(file(key), { force: true });
    },
  };
}
