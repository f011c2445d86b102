import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Stored scenarios, the most recently edited first. */
export function listScenarios(db: Kysely<Database>, year?: number) {
  let query = db.selectFrom('scenario').selectAll();
  if (year !== undefined) query = query.where('year', '=', year);
  return query.orderBy('updated_at', 'desc').orderBy('id').execute();
}

export function findScenario(db: Kysely<Database>, id: string) {
  return db.selectFrom('scenario').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Scenarios by id, in no particular order (the caller keeps the order it asked for). */
export function findScenarios(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('scenario').selectAll().where('id', 'in', ids).execute();
}
