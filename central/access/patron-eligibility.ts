import { sql } from 'kysely';
import {
  type AccessPolicy,
  type Eligibility,
  type EligibilityFacts,
  eligibility,
} from '../../shared/domain/eligibility.ts';
import type { CentralContext } from '../context.ts';
import { dayInFrance } from './calendar.ts';
import { placeOfCommune } from './geography.ts';
import { readPolicy } from './policy.ts';

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

export interface LibraryRecord {
  id: string;
  code: string | null;
  name: string;
  communeInsee: string | null;
  participating: boolean;
  participatingSince: string | null;
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

export async function findLibrary(
  ctx: Pick<CentralContext, 'db'>,
  libraryId: string,
): Promise<LibraryRecord | undefined> {
  const row = await ctx.db
    .selectFrom('sync_row')
    .select(['row_id', 'data'])
    .where('table_name', '=', 'library')
    .where('row_id', '=', libraryId)
    .where('deleted', '=', false)
    .executeTakeFirst();
  return row ? libraryOf(row.row_id, row.data as Record<string, unknown>) : undefined;
}

export function libraryOf(id: string, data: Record<string, unknown>): LibraryRecord {
  return {
    id,
    code: typeof data.code === 'string' ? data.code : null,
    name: typeof data.name === 'string' ? data.name : '',
    communeInsee: typeof data.commune_insee === 'string' ? data.commune_insee : null,
    participating: data.participating === 1 || data.participating === true,
    participatingSince: typeof data.participating_since === 'string' ? data.participating_since : null,
  };
}

async function epciFacts(ctx: Pick<CentralContext, 'db'>, siren: string) {
  const [conventions, followups] = await Promise.all([
    sql<{ start_on: string; end_on: string | null }>`
      SELECT data->>'start_on' AS start_on, data->>'end_on' AS end_on FROM sync_row
      WHERE table_name = 'convention' AND NOT deleted AND data->>'epci_siren' = ${siren}`.execute(ctx.db),
    sql<{ status: string | null }>`
      SELECT data->>'status' AS status FROM sync_row
      WHERE table_name = 'epci_followup' AND NOT deleted AND data->>'epci_siren' = ${siren}
      ORDER BY updated_at DESC LIMIT 1`.execute(ctx.db),
  ]);
  return {
    conventions: conventions.rows
      .filter((row) => typeof row.start_on === 'string')
      .map((row) => ({ startOn: row.start_on, endOn: row.end_on ?? null })),
    status: followups.rows[0]?.status ?? null,
  };
}

/**
 * Whether the patron may enter today (the French date), by the shared rule, with the facts that decided
 * it. A patron id the registry no longer holds is « not in the registry ».
 */
export async function patronAccess(
  ctx: Pick<CentralContext, 'db' | 'now'>,
  patron: { id: string; libraryId: string; data: PatronData } | undefined,
  policy?: AccessPolicy,
): Promise<PatronAccess> {
  const on = dayInFrance(ctx.now());
  const rules = policy ?? (await readPolicy(ctx));
  const library = patron ? ((await findLibrary(ctx, patron.libraryId)) ?? null) : null;
  const place = library?.communeInsee ? placeOfCommune(library.communeInsee) : undefined;
  const epci = place?.epci ?? null;
  const { conventions, status } = epci ? await epciFacts(ctx, epci.siren) : { conventions: [], status: null };
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
  return { eligibility: eligibility(facts, on, rules), facts, library, epci };
}

/** The same, from the patron's id (the OpenID Connect account id): re-read at every use. */
export async function patronAccessById(ctx: Pick<CentralContext, 'db' | 'now'>, patronId: string) {
  const patron = await findPatronById(ctx, patronId);
  return { patron, access: await patronAccess(ctx, patron) };
}
