import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Role } from '../../shared/sync/protocol.ts';

/**
 * Which accounts receive patrons' personal data (PROTOCOL.md, « Rôles et données personnelles »): admins
 * and agents, who import and review them; a reader only when an administrator granted it. Any other reader
 * gets each patron with what counts need — library, card (as a pseudonym), commune, postal code, year of
 * birth, dates of registration, category, status — and no name, birth date or e-mail.
 */
export const seesPersonalData = (caller: { role: Role; sees_personal_data: boolean }) =>
  caller.role !== 'reader' || caller.sees_personal_data;

/** The masked columns, with values the desktop's schema accepts (names are required there). */
export const maskedPatronFields = {
  last_name: '',
  first_name: null,
  birth_date: null,
  email: null,
  name_key: '',
} as const;

/** A pseudonym that stays the same for a patron (a reader's PC keys rows by library and card). */
const pseudonym = (rowId: string) => `masque-${createHash('md5').update(rowId).digest('hex').slice(0, 12)}`;

export function maskPatron(rowId: string, data: Record<string, unknown>): Record<string, unknown> {
  return { ...data, ...maskedPatronFields, card_number: pseudonym(rowId) };
}

/** The same, in SQL over a sync_row's `data` (the snapshot writes rows as PostgreSQL's JSON text). */
export const maskedPatronSql = sql`(data || ${JSON.stringify(maskedPatronFields)}::jsonb
  || jsonb_build_object('card_number', 'masque-' || left(md5(row_id), 12)))`;
