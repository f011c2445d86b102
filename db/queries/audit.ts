import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../schema.ts';

export interface AuditQuery {
  epci?: string;
  library?: string;
  entity?: string;
  actor?: string;
  /** ISO instants: from included, to excluded. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** A field of a line's stored row; null for a line whose `after` is not JSON (older free text). */
function jsonField(name: 'status' | 'kind') {
  return sql`(CASE WHEN json_valid(a.after) THEN json_extract(a.after, ${`$.${name}`}) END)`;
}

/**
 * Lines the journal leaves out because another line of the same change already says it all. They stay
 * in the table (the trail is complete); only the reading folds them:
 * - a follow-up's creation: it only ever holds the defaults (« Non contacté », nothing planned), written
 *   the first time staff touch an EPCI, whose real change is the next line;
 * - a follow-up's status update: epci.setStatus also creates an epci_event row of kind « status » with
 *   the same move, its note and its author — that line stands for the change, once;
 * - a resolved conflict's status, author and date: the line's own author and date, and the resolution
 *   line, say them;
 * - a convention document's checksum: its name and size, on lines of their own, say which file it is.
 */
const folded = sql<SqlBool>`(
  (a.entity = 'epci_followup' AND a.action = 'create' AND ${jsonField('status')} = 'not_contacted')
  OR (a.entity = 'epci_followup' AND coalesce(a.field, '') = 'status')
  OR (a.entity = 'sync_conflict' AND coalesce(a.field, '') IN ('status', 'resolved_by', 'resolved_at'))
  OR (a.entity = 'convention' AND coalesce(a.field, '') = 'document_sha256')
)`;

/** A status move is both the follow-up's and its history's: either filter finds it. */
const statusMove = sql<SqlBool>`(a.entity = 'epci_event' AND ${jsonField('kind')} = 'status')`;

/**
 * The journal, newest first, with the total matching the filters (for paging). Each line comes with
 * what names its subject: the EPCI's and the library's names, the patron's name and card while the
 * patron is still there (a duplicate decision), the field of a resolved conflict.
 */
export async function listAudit(db: Kysely<Database>, query: AuditQuery) {
  const filtered = db
    .selectFrom('audit_log as a')
    .leftJoin('epci as e', 'e.siren', 'a.epci_siren')
    .leftJoin('patron as p', (join) => join.onRef('p.id', '=', 'a.entity_id').on('a.entity', '=', 'patron'))
    .leftJoin('library as l', (join) =>
      // A duplicate decision written before it named its library is filed under its patron's.
      join.on((eb) => eb('l.id', '=', eb.fn.coalesce('a.library_id', 'p.library_id'))),
    )
    .leftJoin('sync_conflict as c', (join) =>
      join.onRef('c.id', '=', 'a.entity_id').on('a.entity', '=', 'sync_conflict'),
    )
    .where((eb) => eb.not(folded))
    .$if(query.epci !== undefined, (qb) => qb.where('a.epci_siren', '=', query.epci as string))
    .$if(query.library !== undefined, (qb) => qb.where('a.library_id', '=', query.library as string))
    .$if(query.entity !== undefined, (qb) =>
      qb.where((eb) =>
        query.entity === 'epci_followup' || query.entity === 'epci_event'
          ? eb.or([eb('a.entity', '=', query.entity), statusMove])
          : eb('a.entity', '=', query.entity as string),
      ),
    )
    .$if(query.actor !== undefined, (qb) => qb.where('a.actor', 'like', `%${query.actor}%`))
    .$if(query.from !== undefined, (qb) => qb.where('a.at', '>=', query.from as string))
    .$if(query.to !== undefined, (qb) => qb.where('a.at', '<', query.to as string));
  const [entries, total] = await Promise.all([
    filtered
      .select([
        'a.id',
        'a.at',
        'a.actor',
        'a.entity',
        'a.entity_id',
        'a.action',
        'a.field',
        'a.before',
        'a.after',
        'a.epci_siren',
        'e.name as epci_name',
        (eb) => eb.fn.coalesce('a.library_id', 'p.library_id').as('library_id'),
        'l.name as library_name',
        'p.last_name as patron_last_name',
        'p.first_name as patron_first_name',
        'p.card_number as patron_card',
        'c.field as conflict_field',
      ])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { entries, total: total.n };
}

/** The names of communes by INSEE code, for the journal lines that hold codes. */
export async function communeNames(db: Kysely<Database>, insees: string[]): Promise<Map<string, string>> {
  if (insees.length === 0) return new Map();
  const rows = await db
    .selectFrom('commune')
    .select(['insee', 'name'])
    .where('insee', 'in', insees)
    .execute();
  return new Map(rows.map((row) => [row.insee, row.name]));
}

/** The audit rows of a library added in this transaction name it once its id exists. */
export async function attachAuditToLibrary(db: Kysely<Database>, libraryId: string): Promise<void> {
  await db
    .updateTable('audit_log')
    .set({ library_id: libraryId })
    .where('entity_id', '=', libraryId)
    .execute();
}
