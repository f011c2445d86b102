import type { Kysely } from 'kysely';
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

/** The journal, newest first, with the total matching the filters (for paging). */
export async function listAudit(db: Kysely<Database>, query: AuditQuery) {
  const filtered = db
    .selectFrom('audit_log as a')
    .leftJoin('epci as e', 'e.siren', 'a.epci_siren')
    .$if(query.epci !== undefined, (qb) => qb.where('a.epci_siren', '=', query.epci as string))
    .$if(query.library !== undefined, (qb) => qb.where('a.library_id', '=', query.library as string))
    .$if(query.entity !== undefined, (qb) => qb.where('a.entity', '=', query.entity as string))
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
        'a.library_id',
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
