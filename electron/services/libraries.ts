import type { Kysely } from 'kysely';
import { findLibraryId, type selectLibraries } from '../../db/queries/libraries.ts';
import type { Database } from '../../db/schema.ts';
import type { Library } from '../../shared/domain/library.ts';
import { AppError } from '../../shared/errors.ts';

type LibraryRow = Awaited<ReturnType<ReturnType<typeof selectLibraries>['execute']>>[number];

/** A library named by its id or its short code; NOT_FOUND says which name matched nothing. */
export async function requireLibraryId(db: Kysely<Database>, idOrCode: string): Promise<string> {
  const id = await findLibraryId(db, idOrCode);
  if (!id)
    throw new AppError('NOT_FOUND', `Aucune bibliothèque n’a l’identifiant ou le code « ${idOrCode} ».`);
  return id;
}

export function toLibrary(row: LibraryRow): Library {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as Library['kind'],
    commune: row.commune_insee,
    communeName: row.commune_name,
    epci: row.epci_siren,
    epciName: row.epci_name,
    ils: row.ils as Library['ils'],
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    participating: row.participating === 1,
    participatingSince: row.participating_since,
  };
}
