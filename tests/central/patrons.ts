import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** A patron row as a chunk carries it (db/schema.ts `patron` minus `num`). */
export function patron(libraryId: string, n: number) {
  const stamp = '2026-11-25T10:00:00.000Z';
  return {
    id: randomUUID(),
    library_id: libraryId,
    card_number: `C${String(n).padStart(7, '0')}`,
    last_name: `Nom${n}`,
    first_name: `Prénom${n}`,
    birth_date: null,
    birth_year: 1950 + (n % 60),
    email: null,
    postal_code: '46100',
    commune_insee: '46102',
    commune_name: 'Figeac',
    registered_on: '2025-01-15',
    expires_on: '2026-01-14',
    category: 'adulte',
    registered: 1,
    name_key: `nom${n} prenom${n}`,
    duplicate_of: null,
    duplicate_status: null,
    created_batch: null,
    created_at: stamp,
    updated_at: stamp,
  };
}

/** `{ patrons, deleted? }` JSON → its sha256 (of the uncompressed bytes) and its gzip body. */
export function chunkOf(patrons: unknown[], deleted?: string[]) {
  const json = Buffer.from(JSON.stringify(deleted ? { patrons, deleted } : { patrons }));
  return { sha256: createHash('sha256').update(json).digest('hex'), body: gzipSync(json) };
}
