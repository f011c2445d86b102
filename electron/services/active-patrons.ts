import type { Kysely } from 'kysely';
import { libraryActivity, readActivity } from '../../db/queries/access-activity.ts';
import { listEpci } from '../../db/queries/epci.ts';
import { statusBySiren } from '../../db/queries/followup.ts';
import { epciPopulation } from '../../db/queries/populations.ts';
import type { Database } from '../../db/schema.ts';
import { currentMillesime } from './reference.ts';

export interface ActivePatronsLibrary {
  name: string;
  active: number;
  registered: number;
}

export interface ActivePatronsEpci {
  siren: string;
  name: string;
  /** Municipal population in the département (as the indicators use). */
  population: number;
  /** Status active: its population counts as covered. */
  covered: boolean;
  libraries: ActivePatronsLibrary[];
}

/** A year's active patrons as pulled, grouped per EPCI and library: the financing workbook's sheet. */
export interface ActivePatronsFigures {
  year: number;
  millesime: number;
  /** When they were pulled; null: never (the sheet then says so). */
  fetchedAt: string | null;
  /** Distinct active patrons over the département (null: never pulled). */
  departementActive: number | null;
  epci: ActivePatronsEpci[];
  /** Libraries whose commune lies in no EPCI of the département. */
  outside: ActivePatronsLibrary[];
}

export async function activePatronsFigures(
  db: Kysely<Database>,
  departement: string,
  year: number,
): Promise<ActivePatronsFigures> {
  const millesime = await currentMillesime(db, departement);
  const [pulled, libraries, list, statuses] = await Promise.all([
    readActivity(db, year),
    libraryActivity(db, year, millesime),
    listEpci(db, departement, millesime),
    statusBySiren(db),
  ]);
  const row = (l: (typeof libraries)[number]) => ({
    name: l.name,
    active: l.active,
    registered: l.registered ?? 0,
  });
  const epci: ActivePatronsEpci[] = [];
  for (const e of list) {
    const figure = await epciPopulation(db, {
      siren: e.siren,
      millesime,
      basis: 'municipale',
      perimeter: 'departement',
      departement,
    });
    epci.push({
      siren: e.siren,
      name: e.name,
      population: figure.value ?? 0,
      covered: statuses.get(e.siren) === 'active',
      libraries: libraries.filter((l) => l.epci_siren === e.siren).map(row),
    });
  }
  const known = new Set(list.map((e) => e.siren));
  return {
    year,
    millesime,
    fetchedAt: pulled?.fetchedAt ?? null,
    departementActive: pulled?.active ?? null,
    epci,
    outside: libraries.filter((l) => !l.epci_siren || !known.has(l.epci_siren)).map(row),
  };
}
