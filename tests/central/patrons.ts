import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { client } from './client.ts';

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

/**
 * Commits a patron change set through the protocol, as a desktop would: chunks of 5,000 rows uploaded,
 * then the commit naming them. Throws unless every answer is a success.
 */
export async function commitPatronSet(
  url: string,
  token: string,
  body: Record<string, unknown>,
  rows: unknown[],
  deleted?: string[],
): Promise<void> {
  const api = client(url);
  const setId = randomUUID();
  const hashes: string[] = [];
  for (let from = 0; from < Math.max(rows.length, 1); from += 5000) {
    const chunk = chunkOf(rows.slice(from, from + 5000), from === 0 ? deleted : undefined);
    const response = await fetch(`${url}/sync/batches/${setId}/chunks/${chunk.sha256}`, {
      method: 'PUT',
      headers: { ...api.versions, authorization: `Bearer ${token}`, 'content-encoding': 'gzip' },
      body: Uint8Array.from(chunk.body),
    });
    if (!response.ok) throw new Error(`chunk ${response.status}`);
    hashes.push(chunk.sha256);
  }
  const done = await api.call('POST', `/sync/batches/${setId}/commit`, {
    token,
    body: { ...body, chunks: hashes },
  });
  if (done.status !== 200) throw new Error(`commit ${done.status} ${JSON.stringify(done.body)}`);
}
