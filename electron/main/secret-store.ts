import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { fileSecretStore, type SecretStore } from '../services/sync/secret-store.ts';

/**
 * The desktop's SecretStore: each secret encrypted by the OS keychain (safeStorage: DPAPI on Windows,
 * Keychain on macOS, libsecret on Linux) before it reaches the disk. Where no keychain is available
 * (a Linux session without one), it falls back to the CLI's user-only file, as the CLI and host do.
 */
export function safeSecretStore(dir: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) return fileSecretStore(dir);
  const file = (key: string) => path.join(dir, `${key.replace(/[^a-zA-Z0-9_-]/g, '_')}.enc`);
  return {
    get(key) {
      try {
        return safeStorage.decryptString(fs.readFileSync(file(key)));
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(file(key), safeStorage.encryptString(value), { mode: 0o600 });
    },
    delete(key) {
      fs.rmSync(file(key), { force: true });
    },
  };
}
