import type { Kysely, Selectable } from 'kysely';
import type { Database, UsageSushiSourceTable } from '../schema.ts';

/** Vendors' SUSHI endpoints (migration 15): only their non-secret parts; secrets are in the SecretStore. */
export type UsageSushiSourceRow = Selectable<UsageSushiSourceTable>;

export function listSushiSources(db: Kysely<Database>): Promise<UsageSushiSourceRow[]> {
  return db.selectFrom('usage_sushi_source').selectAll().orderBy('name').execute();
}

export function sushiSourceById(db: Kysely<Database>, id: string): Promise<UsageSushiSourceRow | undefined> {
  return db.selectFrom('usage_sushi_source').selectAll().where('id', '=', id).executeTakeFirst();
}

/** By id, else by name (the CLI names a source as staff see it). */
export function findSushiSource(db: Kysely<Database>, idOrName: string) {
  return db
    .selectFrom('usage_sushi_source')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
}

export function sushiSourceByName(db: Kysely<Database>, name: string) {
  return db.selectFrom('usage_sushi_source').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertSushiSource(db: Kysely<Database>, row: UsageSushiSourceRow): Promise<void> {
  await db.insertInto('usage_sushi_source').values(row).execute();
}

export async function updateSushiSource(
  db: Kysely<Database>,
  id: string,
  fields: Pick<UsageSushiSourceRow, 'name' | 'base_url' | 'customer_id' | 'reports' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('usage_sushi_source').set(fields).where('id', '=', id).execute();
}

export async function deleteSushiSource(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('usage_sushi_source').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
