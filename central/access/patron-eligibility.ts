import { sql } from 'kysely';
import { type Eligibility, type EligibilityFacts, eligibility } from '../../shared/domain/eligibility.ts';
import type { CentralContext } from '../context.ts';
import { dayInFrance } from './calendar.ts';
import { placeOfCommune } from './geography.ts';
import { type LibraryRecord, registryFacts } from './registry-facts.ts';

/**
 * The shared rule (shared/domain/eligibility.ts) applied to what the central service holds: the patron's,
 * library's, conventions' and follow-up's synced rows, and the EPCI of the library's commune.
 */
export interface PatronRecord {
  id: string;
  libraryId: string;
  cardNumber: string;
  /** ISO date or null: the secret a patron signs in with (sign-in.ts). */
  birthDate: string | null;
  birthYear: number | null;
  category: string | null;
}

export interface PatronAccess {
  eligibility: Eligibility;
  facts: EligibilityFacts;
  library: LibraryRecord | null;
  epci: { siren: string; name: string } | null;
}

interface PatronData {
  library_id?: string;
  card_number?: string;
  birth_date?: string | null;
  birth_year?: number | null;
  expires_on?: string | null;
  registered?: number | boolean;
  category?: string | null;
}

const patronOf = (rowId: string, data: PatronData): PatronRecord => ({
  id: rowId,
  libraryId: data.library_id ?? '',
  cardNumber: data.card_number ?? '',
  birthDate: data.birth_date ?? null,
  birthYear: typeof data.birth_year === 'number' ? data.birth_year : null,
  category: data.category ?? null,
});

/** The live patron holding this card at this library (the card is unique per library), if any. */
export async function findPatronByCard(
  ctx: Pick<CentralContext, 'db'>,
  libraryId: string,
  cardNumber: string,
): Promise<(PatronRecord & { data: PatronData }) | undefined> {
  // The expression index sync_row_patron_card (migration 0004) answers this.
  const { rows } = await sql<{ row_id: string; data: PatronData }>`
    SELECT row_id, data FROM sync_row
    WHERE table_name = 'patron' AND NOT deleted
      AND data->>'library_id' = ${libraryId} AND data->>'card_number' = ${cardNumber}
    LIMIT 1`.execute(ctx.db);
  const row = rows[0];
  return row ? { ...patronOf(row.row_id, row.data), data: row.data } : undefined;
}

/** The live patron row by id (a tombstone, a purge or no row: undefined). */
async function findPatronById(ctx: Pick<CentralContext, 'db'>, patronId: string) {
  const row = await ctx.db
    .selectFrom('sync_row')
    .select(['row_id', 'data'])
    .where('table_name', '=', 'patron')
    .where('row_id', '=', patronId)
    .where('deleted', '=', false)
    .executeTakeFirst();
  return row ? { ...patronOf(row.row_id, row.data as PatronData), data: row.data as PatronData } : undefined;
}

/**
 * Whether the patron may enter today (the French date), by the shared rule, with the facts that decided
 * it. A patron id the registry no longer holds is « not in the registry ».
 */
export async function patronAccess(
  ctx: Pick<CentralContext, 'db' | 'now'>,
  patron: { id: string; libraryId: string; data: PatronData } | undefined,
): Promise<PatronAccess> {
  const on = dayInFrance(ctx.now());
  const registry = await registryFacts(ctx);
  const library = patron ? (registry.libraries.get(patron.libraryId) ?? null) : null;
  const place = library?.communeInsee ? placeOfCommune(library.communeInsee) : undefined;
  const epci = place?.epci ?? null;
  const conventions = epci ? (registry.conventions.get(epci.siren) ?? []) : [];
  const status = epci ? (registry.statuses.get(epci.siren) ?? null) : null;
  const facts: EligibilityFacts = {
    patron: patron
      ? {
          registered: patron.data.registered === 1 || patron.data.registered === true,
          expiresOn: patron.data.expires_on ?? null,
        }
      : null,
    library: library
      ? {
          name: library.name,
          participating: library.participating,
          participatingSince: library.participatingSince,
        }
      : null,
    epci,
    conventions,
    status,
  };
  return { eligibility: eligibility(facts, on, registry.policy), facts, library, epci };
}

/** The same, from the patron's id (the OpenID Connect account id): re-read at every use. */
export async function patronAccessById(ctx: Pick<CentralContext, 'db' | 'now'>, patronId: string) {
  const patron = await findPatronById(ctx, patronId);
  return { patron, access: await patronAccess(ctx, patron) };
}
