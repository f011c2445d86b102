import { type Kysely, sql } from 'kysely';

/**
 * Who wrote each field's current value, and when (server time): a conflict names the person behind the
 * value it keeps, not whoever last touched another field of the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sync_row ADD COLUMN field_authors jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(db);
}
