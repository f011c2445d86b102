import { randomUUID } from 'node:crypto';
import { placeOfCommune } from '../../../central/access/geography.ts';
import { type client, convention, mutation } from '../client.ts';
import { commitPatronSet, patron } from '../patrons.ts';

/**
 * A small département for the sign-in tests, written through the real sync API as desktops would: a
 * member library at Figeac (Grand-Figeac has a convention in force), one at Cahors (Grand Cahors has
 * none), and their patrons.
 */
export const figeacEpci = placeOfCommune('46102')?.epci as { siren: string; name: string };
export const cahorsEpci = placeOfCommune('46042')?.epci as { siren: string; name: string };

export interface SeededPatron {
  id: string;
  libraryId: string;
  cardNumber: string;
  /** As the patron types it: JJ/MM/AAAA. */
  birthDate: string;
}

async function library(
  api: ReturnType<typeof client>,
  token: string,
  id: string,
  name: string,
  insee: string,
) {
  const { status, body } = await api.push(token, randomUUID(), [
    mutation(1, 'library', id, {
      code: id.toUpperCase(),
      name,
      kind: 'mediatheque',
      commune_insee: insee,
      ils: 'koha',
      contact_name: '',
      contact_email: '',
      contact_phone: '',
      participating: 1,
      participating_since: '2025-01-01',
    }),
  ]);
  if (status !== 200 || body.results[0]?.status !== 'applied')
    throw new Error(`library ${status} ${JSON.stringify(body)}`);
}

export async function seedDepartement(url: string, api: ReturnType<typeof client>, agent: string) {
  const figeac = `lib-figeac-${randomUUID().slice(0, 8)}`;
  const cahors = `lib-cahors-${randomUUID().slice(0, 8)}`;
  await library(api, agent, figeac, 'Médiathèque de Figeac', '46102');
  await library(api, agent, cahors, 'Médiathèque de Cahors', '46042');
  const signed = await api.push(agent, randomUUID(), [
    mutation(
      1,
      'convention',
      randomUUID(),
      convention({ epci_siren: figeacEpci.siren, start_on: '2026-01-01', end_on: null }),
    ),
  ]);
  if (signed.body.results[0]?.status !== 'applied') throw new Error(JSON.stringify(signed.body));

  let n = 0;
  const make = (libraryId: string, overrides: Record<string, unknown>) => ({
    ...patron(libraryId, ++n),
    ...overrides,
  });
  const rows = {
    alice: make(figeac, { birth_date: '1987-03-05', birth_year: 1987, expires_on: '2099-12-31' }),
    // Expired long ago: beyond any grace.
    bob: make(figeac, { birth_date: '1975-11-20', birth_year: 1975, expires_on: '2025-06-30' }),
    // Valid card, but Grand Cahors has no convention.
    carol: make(cahors, { birth_date: '2010-01-31', birth_year: 2010, expires_on: '2099-12-31' }),
    // Purged below (a tombstone).
    dave: make(figeac, { birth_date: '1990-07-14', birth_year: 1990, expires_on: '2099-12-31' }),
    // No birth date in the registry.
    eve: make(figeac, { birth_date: null, birth_year: 1992, expires_on: '2099-12-31' }),
    // Used for the throttle.
    frank: make(figeac, { birth_date: '1960-02-29', birth_year: 1960, expires_on: '2099-12-31' }),
    // Purged between the login page and the platform's code exchange.
    hugo: make(figeac, { birth_date: '1999-12-31', birth_year: 1999, expires_on: '2099-12-31' }),
    // A child, for the age band.
    gina: make(figeac, {
      birth_date: '2016-09-01',
      birth_year: 2016,
      expires_on: '2099-12-31',
      category: 'jeunesse',
    }),
  };
  const byLibrary = (libraryId: string) => Object.values(rows).filter((row) => row.library_id === libraryId);
  await commitPatronSet(
    url,
    agent,
    { kind: 'import', libraryId: figeac, mode: 'incremental', fileName: 'figeac.csv' },
    byLibrary(figeac),
  );
  await commitPatronSet(
    url,
    agent,
    { kind: 'import', libraryId: cahors, mode: 'incremental', fileName: 'cahors.csv' },
    byLibrary(cahors),
  );
  await commitPatronSet(url, agent, { kind: 'purge' }, [], [rows.dave.id]);

  const typed = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '01/01/1992');
  const seeded = Object.fromEntries(
    Object.entries(rows).map(([name, row]) => [
      name,
      {
        id: row.id,
        libraryId: row.library_id,
        cardNumber: row.card_number,
        birthDate: typed(row.birth_date),
      },
    ]),
  ) as Record<keyof typeof rows, SeededPatron>;
  return { libraries: { figeac, cahors }, patrons: seeded, rows };
}
