import { safeStorage } from 'electron';
import { fileSecretStore, keychainSecretStore, type SecretStore } from '../services/sync/secret-store.ts';

/**
 * The desktop's SecretStore: the refresh token encrypted by safeStorage (DPAPI on Windows, Keychain on
 * macOS, libsecret on Linux). Where no keychain is available (a Linux session without one), it falls back
 * to the CLI's user-only file, as the CLI and host do.
 */
export function safeSecretStore(dir: string): SecretStore {
  return safeStorage.isEncryptionAvailable() ? keychainSecretStore(dir, safeStorage) : fileSecretStore(dir);
}
