import type { Kysely } from 'kysely';
import type { OnboardingStatus } from '../../shared/domain/onboarding.ts';
import type { Database } from '../schema.ts';

/** The follow-up row of an EPCI, if staff ever touched it (absent means "not contacted"). */
export async function findFollowUp(db: Kysely<Database>, siren: string) {
  return db.selectFrom('epci_followup').selectAll().where('epci_siren', '=', siren).executeTakeFirst();
}

export async function statusBySiren(db: Kysely<Database>): Promise<Map<string, OnboardingStatus>> {
  const rows = await db.selectFrom('epci_followup').select(['epci_siren', 'status']).execute();
  return new Map(rows.map((row) => [row.epci_siren, row.status as OnboardingStatus]));
}

/** Every follow-up row's status and next action, by EPCI (EPCI never touched by staff have none). */
export async function followUpsBySiren(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('epci_followup')
    .select(['epci_siren', 'status', 'next_action', 'next_action_due'])
    .execute();
  return new Map(rows.map((row) => [row.epci_siren, row]));
}

export async function listEvents(db: Kysely<Database>, siren: string) {
  return db
    .selectFrom('epci_event')
    .select(['id', 'kind', 'from_status', 'to_status', 'note', 'at', 'by'])
    .where('epci_siren', '=', siren)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function listContacts(db: Kysely<Database>, siren: string) {
  return db
    .selectFrom('contact')
    .select(['id', 'name', 'role', 'email', 'phone'])
    .where('epci_siren', '=', siren)
    .orderBy('name')
    .execute();
}

export async function findContact(db: Kysely<Database>, id: string) {
  return db.selectFrom('contact').selectAll().where('id', '=', id).executeTakeFirst();
}
