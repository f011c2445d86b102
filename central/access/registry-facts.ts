import { sql } from 'kysely';
import type { AccessPolicy } from '../../shared/domain/eligibility.ts';
import type { CentralContext } from '../context.ts';
import { readPolicy } from './policy.ts';

/**
 * What every eligibility check reads besides the patron: the libraries, the conventions and follow-up
 * statuses per EPCI, and the policy — a few hundred rows for a département. Read once and kept while the
 * sync log's version and the policy stand still: any commit (a convention added, a library closed,
 * a status changed) moves the version, so a check never decides on stale facts, and costs one small query
 * instead of four.
 */
export interface LibraryRecord {
  id: string;
  code: string | null;
  name: string;
  communeInsee: string | null;
  participating: boolean;
  participatingSince: string | null;
}

export interface RegistryFacts {
  libraries: ReadonlyMap<string, LibraryRecord>;
  conventions: ReadonlyMap<string, { startOn: string; endOn: string | null }[]>;
  statuses: ReadonlyMap<string, string | null>;
  policy: AccessPolicy;
}

const kept = new WeakMap<object, { key: string; facts: Promise<RegistryFacts> }>();

export async function registryFacts(ctx: Pick<CentralContext, 'db'>): Promise<RegistryFacts> {
  const { rows } = await sql<{ version: string; policy: string | null }>`
    SELECT (SELECT value FROM sync_counter WHERE id = 1)::text AS version,
           (SELECT grace_days || ' ' || opened_epcis::text FROM access_policy WHERE id = 1) AS policy`.execute(
    ctx.db,
  );
  const key = `${rows[0]?.version}/${rows[0]?.policy}`;
  const current = kept.get(ctx.db);
  if (current?.key === key) return current.facts;
  const facts = load(ctx);
  kept.set(ctx.db, { key, facts });
  // A failed read is not kept: the next check reads again.
  facts.catch(() => {
    if (kept.get(ctx.db)?.facts === facts) kept.delete(ctx.db);
  });
  return facts;
}

async function load(ctx: Pick<CentralContext, 'db'>): Promise<RegistryFacts> {
  const [libraries, conventions, followups, policy] = await Promise.all([
    sql<{ row_id: string; data: Record<string, unknown> }>`
      SELECT row_id, data FROM sync_row WHERE table_name = 'library' AND NOT deleted`.execute(ctx.db),
    sql<{ siren: string; start_on: string | null; end_on: string | null }>`
      SELECT data->>'epci_siren' AS siren, data->>'start_on' AS start_on, data->>'end_on' AS end_on
      FROM sync_row WHERE table_name = 'convention' AND NOT deleted`.execute(ctx.db),
    // Oldest first: the newest follow-up of an EPCI is the one left in the map.
    sql<{ siren: string; status: string | null }>`
      SELECT data->>'epci_siren' AS siren, data->>'status' AS status FROM sync_row
      WHERE table_name = 'epci_followup' AND NOT deleted ORDER BY updated_at`.execute(ctx.db),
    readPolicy(ctx),
  ]);
  const bySiren = new Map<string, { startOn: string; endOn: string | null }[]>();
  for (const row of conventions.rows) {
    if (typeof row.start_on !== 'string') continue;
    const list = bySiren.get(row.siren) ?? [];
    list.push({ startOn: row.start_on, endOn: row.end_on ?? null });
    bySiren.set(row.siren, list);
  }
  return {
    libraries: new Map(libraries.rows.map((row) => [row.row_id, libraryOf(row.row_id, row.data)])),
    conventions: bySiren,
    statuses: new Map(followups.rows.map((row) => [row.siren, row.status])),
    policy,
  };
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
