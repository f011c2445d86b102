import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileSecretStore,
  type Keychain,
  keychainSecretStore,
} from '../../electron/services/sync/secret-store.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The OS keychain cannot run here (no Electron binary): this one has safeStorage's shape and encrypts
 * for real (AES-256-GCM under a key of its own), so what reaches the disk is ciphertext, and another
 * key — another user or machine — cannot read it.
 */
function aesKeychain(key = crypto.randomBytes(32)): Keychain {
  return {
    encryptString(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const token = 'rt_0193a1b2-refresh-token-of-claire';
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('the desktop’s keychain secret store', () => {
  it('keeps only ciphertext on disk, user-only, and reads the secret back', async () => {
    const dir = path.join(tempDir(), 'secrets');
    const store = keychainSecretStore(dir, aesKeychain());
    await store.set('refresh-token', token);
    const [name] = fs.readdirSync(dir);
    const file = path.join(dir, name as string);
    expect(name).toBe('refresh-token.enc');
    expect(fs.readFileSync(file).includes(Buffer.from(token))).toBe(false);
    expect(mode(file)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(await store.get('refresh-token')).toBe(token);
    await store.set('refresh-token', `${token}-rotated`);
    expect(await store.get('refresh-token')).toBe(`${token}-rotated`);
    expect(fs.readdirSync(dir)).toEqual(['refresh-token.enc']);
    await store.delete('refresh-token');
    expect(await store.get('refresh-token')).toBeUndefined();
  });

  it('reads a file another keychain wrote, or a damaged one, as no secret (log in again), never a crash', async () => {
    const dir = path.join(tempDir(), 'secrets');
    await keychainSecretStore(dir, aesKeychain()).set('refresh-token', token);
    expect(await keychainSecretStore(dir, aesKeychain()).get('refresh-token')).toBeUndefined();
    const mine = aesKeychain();
    const store = keychainSecretStore(dir, mine);
    await store.set('refresh-token', token);
    fs.writeFileSync(path.join(dir, 'refresh-token.enc'), 'pas chiffré');
    expect(await store.get('refresh-token')).toBeUndefined();
    expect(await store.get('never-set')).toBeUndefined();
  });
});

describe('the CLI’s and host’s file secret store', () => {
  it('keeps the secret in a user-only file, replaced whole', async () => {
    const dir = path.join(tempDir(), 'secrets');
    const store = fileSecretStore(dir);
    await store.set('refresh-token', token);
    expect(mode(path.join(dir, 'refresh-token.secret'))).toBe(0o600);
    expect(await store.get('refresh-token')).toBe(token);
    await store.set('refresh-token', 'rotated');
    expect(await store.get('refresh-token')).toBe('rotated');
    expect(fs.readdirSync(dir)).toEqual(['refresh-token.secret']);
    await store.delete('refresh-token');
    expect(await store.get('refresh-token')).toBeUndefined();
  });
});
