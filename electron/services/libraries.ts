import type { selectLibraries } from '../../db/queries/libraries.ts';
import type { Library } from '../../shared/domain/library.ts';

type LibraryRow = Awaited<ReturnType<ReturnType<typeof selectLibraries>['execute']>>[number];

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
