import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { epciPopulation } from '../../db/queries/populations.ts';
import type { ConventionTable, Database } from '../../db/schema.ts';
import { bandsFromStored, readStoredBands } from '../../shared/domain/contributions/bands.ts';
import type { Convention } from '../../shared/domain/convention.ts';
import { formatEuros, formatRate } from '../../shared/domain/money.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** A stored convention as the contract shows it, with the population it froze and its document's state. */
export async function toConvention(
  db: Kysely<Database>,
  row: ConventionTable,
  departement: string,
  documentsDir: string,
): Promise<Convention> {
  const population = await epciPopulation(db, {
    siren: row.epci_siren,
    millesime: row.millesime,
    basis: row.basis,
    perimeter: row.perimeter,
    departement,
  });
  return {
    id: row.id,
    epci: row.epci_siren,
    reference: row.reference,
    signedOn: row.signed_on,
    start: row.start_on,
    end: row.end_on,
    rate: formatRate(row.rate_e4),
    basis: row.basis,
    millesime: row.millesime,
    perimeter: row.perimeter,
    prorata: row.prorata,
    floor: row.floor_cents === null ? null : formatEuros(row.floor_cents),
    cap: row.cap_cents === null ? null : formatEuros(row.cap_cents),
    bands: row.bands === null ? null : bandsFromStored(readStoredBands(row.bands) ?? []),
    population,
    document:
      row.document_name && row.document_sha256 && row.document_size !== null
        ? {
            fileName: row.document_name,
            sha256: row.document_sha256,
            size: row.document_size,
            intact: documentIntact(documentsDir, row.id, row.document_sha256),
          }
        : null,
  };
}

export function documentPath(documentsDir: string, conventionId: string, sha256: string): string {
  return path.join(documentsDir, 'conventions', conventionId, `${sha256}.pdf`);
}

/** Kept under its checksum, so a file changed or lost on disk shows as such. */
export function documentIntact(documentsDir: string, conventionId: string, sha256: string): boolean {
  try {
    const bytes = fs.readFileSync(documentPath(documentsDir, conventionId, sha256));
    return sha256Of(bytes) === sha256;
  } catch {
    return false;
  }
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Written whole or not at all (atomic-write.ts): a crash never leaves half a PDF under the final name. */
export function storeDocument(
  documentsDir: string,
  conventionId: string,
  bytes: Buffer,
): { sha256: string; file: string } {
  const sha256 = sha256Of(bytes);
  const file = documentPath(documentsDir, conventionId, sha256);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, bytes);
  return { sha256, file };
}
