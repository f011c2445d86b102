import { describe, expect, it } from 'vitest';
import { serverUrlSchema } from '../../shared/domain/sync.ts';

describe('the central server’s address', () => {
  it('is https, or http only to a server on this PC', () => {
    for (const ok of [
      'https://mednum.lot.fr',
      'https://mednum.lot.fr:8443/central/',
      'http://127.0.0.1:8787',
      'http://localhost:8787/',
      'http://[::1]:8787',
    ])
      expect(serverUrlSchema.safeParse(ok).success).toBe(true);
    for (const refused of [
      'http://mednum.lot.fr',
      'http://192.168.1.20:8787',
      'http://localhost.evil.fr',
      'http://127.0.0.1.nip.io',
    ]) {
      const result = serverUrlSchema.safeParse(refused);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain('https://');
    }
  });
});
